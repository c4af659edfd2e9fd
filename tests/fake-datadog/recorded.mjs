// Options that make the fake answer like the organisation in the recordings
// (../shared/reference/recordings), for replaying them or for a client's VCR-style tests.

import { randomUUID } from 'node:crypto';

// The accounts that already existed when "List Okta accounts returns OK" was
// recorded (2023-11-21): the listed body holds these five before the one the
// scenario created. Their secrets were never visible, so none are stored.
export const RECORDED_ORG_ACCOUNTS = Object.freeze(
  [
    ['9637ddf0-4f5e-4adb-89b0-72b7c843116f', 'testoktapublicupdateaccountreturnsokresponse1699978854'],
    ['199e06bf-6805-403c-8b97-34c10f526485', 'testoktapublicupdateaccountreturnsokresponse1699978979'],
    ['2770caff-0eb2-4edf-b3dd-63b42d706c79', 'testoktapublicupdateaccountreturnsokresponse1699989540'],
    ['ee163be4-1a6d-466e-ba9d-539e5c505645', 'testoktapublicupdateaccountreturnsokresponse1699990165'],
    ['474f2d62-fb47-40fc-a201-f0c59c90d3e3', 'testupdateoktaaccountreturnsokresponse1700585947'],
  ].map(([id, name]) => Object.freeze({ id, name, auth_method: 'oauth', domain: 'https://example.okta.com/', client_id: 'client_id' })),
);

/**
 * start() options for "behave like the recordings": the recorded organisation's
 * accounts as seed, and ids reassigned on update (the Update recording shows it,
 * and the old id then answering 400 "Unknown error occurred: ").
 * Pass `ids` (an array) to hand out exactly those ids, in order, to creates and
 * updates before falling back to random UUIDs - e.g. the recorded ids.
 */
export function recordedOptions({ ids = [], ...extra } = {}) {
  const queue = [...ids];
  const options = { reassignIdOnUpdate: true, seed: RECORDED_ORG_ACCOUNTS.map((a) => ({ ...a })), ...extra };
  if (queue.length > 0) options.newId = () => queue.shift() ?? randomUUID();
  return options;
}
