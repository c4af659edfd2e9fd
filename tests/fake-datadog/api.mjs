// The five Okta Integration operations, as the recordings in
// ../shared/reference/recordings show the real API answering them.
//
// Each function takes the already-authenticated, already-parsed request and
// returns a reply; persistence happens inside (store.transact) so a reply to a
// write only exists once the write is durable.

import { errorReply, jsonReply, rawReply, DELETE_TYPE } from './wire.mjs';

export const COLLECTION_PATH = '/api/v2/integrations/okta/accounts';
export const ACCOUNT_TYPE = 'okta-accounts';
export const AUTH_METHODS = ['oauth', 'api_key'];

// Methods per route, and the permission each needs (x-permission in the spec).
export const ROUTES = {
  collection: { GET: 'integrations_read', POST: 'manage_integrations' },
  account: { GET: 'integrations_read', PATCH: 'manage_integrations', DELETE: 'manage_integrations' },
};

// What the real API answered, once it had moved an account to a new id, for the old one.
export const RETIRED_ID_MESSAGE = 'Unknown error occurred: ';

/** { name: 'collection' } | { name: 'account', id } | null for any other path. */
export function matchRoute(pathname) {
  if (pathname === COLLECTION_PATH) return { name: 'collection' };
  const prefix = COLLECTION_PATH + '/';
  if (!pathname.startsWith(prefix)) return null;
  const segment = pathname.slice(prefix.length);
  if (segment === '' || segment.includes('/')) return null;
  try {
    // The official TypeScript client sends encodeURIComponent(account_id).
    return { name: 'account', id: decodeURIComponent(segment) };
  } catch {
    return null;
  }
}

/** The account as the API shows it: secrets are write-only and never leave the server. */
export function toResource(account) {
  const attributes = { auth_method: account.auth_method };
  if (account.client_id !== undefined) attributes.client_id = account.client_id;
  attributes.domain = account.domain;
  attributes.name = account.name;
  return { type: ACCOUNT_TYPE, attributes, id: account.id };
}

/**
 * Runs one operation. `ctx` holds { store, config, newId }; `body` is the parsed
 * JSON for POST/PATCH. Returns a reply.
 */
export function runOperation(ctx, route, method, body) {
  if (route.name === 'collection') {
    return method === 'GET' ? listAccounts(ctx) : createAccount(ctx, body);
  }
  const replacement = ctx.store.replacementOf(route.id);
  if (replacement !== undefined) return errorReply(400, RETIRED_ID_MESSAGE);
  const account = ctx.store.get(route.id);
  if (!account) return errorReply(404, 'Not Found');
  if (method === 'GET') return jsonReply(200, { data: toResource(account) });
  if (method === 'PATCH') return updateAccount(ctx, account, body);
  return deleteAccount(ctx, account);
}

function listAccounts(ctx) {
  // Unpaginated, as the real API: every account of the organisation.
  return jsonReply(200, { data: ctx.store.list().map(toResource) });
}

function createAccount(ctx, body) {
  const { errors, attributes } = validate(body, { update: false });
  if (errors.length) return errorReply(400, errors);
  if (ctx.store.findByName(attributes.name)) {
    // The spec documents no 409, but a conflict is what this is; clients must treat it as a client error.
    return errorReply(409, `An Okta account named '${attributes.name}' already exists`);
  }
  // Any id the client sent is ignored, as the real API does.
  const account = { id: ctx.newId(), name: attributes.name, ...authFields(attributes) };
  ctx.store.transact((draft) => {
    draft.accounts.set(account.id, account);
  });
  return jsonReply(201, { data: toResource(account) });
}

function updateAccount(ctx, current, body) {
  const { errors, attributes } = validate(body, { update: true });
  if (errors.length) return errorReply(400, errors);
  // The name cannot change; the auth fields are replaced as a whole, so moving
  // from oauth to api_key drops client_id and the client secret.
  const updated = { id: current.id, name: current.name, ...authFields(attributes) };
  if (ctx.config.reassignIdOnUpdate) updated.id = ctx.newId();
  ctx.store.transact((draft) => {
    draft.accounts.delete(current.id);
    draft.accounts.set(updated.id, updated);
    if (updated.id !== current.id) draft.retired.set(current.id, updated.id);
  });
  return jsonReply(200, { data: toResource(updated) });
}

function deleteAccount(ctx, account) {
  ctx.store.transact((draft) => {
    draft.accounts.delete(account.id);
  });
  // 204 with an empty body, yet labelled as HTML: exactly what the recordings show.
  return rawReply(204, '', DELETE_TYPE);
}

function authFields(attributes) {
  const fields = { domain: attributes.domain, auth_method: attributes.auth_method };
  if (attributes.auth_method === 'oauth') {
    fields.client_id = attributes.client_id;
    fields.client_secret = attributes.client_secret;
  } else {
    fields.api_key = attributes.api_key;
  }
  return fields;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks a create (OktaAccountRequest) or update (OktaAccountUpdateRequest) body.
 * Returns { errors: [messages], attributes }. All problems found are reported at
 * once, in a fixed order, so clients and tests see every mistake in one round.
 */
export function validate(body, { update }) {
  if (!isObject(body)) return { errors: ['Invalid request body: expected a JSON object'] };
  if (body.data === undefined || body.data === null) return { errors: ["Missing required field 'data'"] };
  const data = body.data;
  if (!isObject(data)) return { errors: ["Field 'data' must be an object"] };

  const errors = [];
  // OktaAccount requires "type"; OktaAccountUpdateRequestData makes it optional.
  if (data.type === undefined || data.type === null) {
    if (!update) errors.push("Missing required field 'data.type'");
  } else if (data.type !== ACCOUNT_TYPE) {
    errors.push(`Invalid type ${JSON.stringify(data.type)}: must be '${ACCOUNT_TYPE}'`);
  }
  if (data.attributes === undefined || data.attributes === null) {
    errors.push("Missing required field 'data.attributes'");
    return { errors };
  }
  const attributes = data.attributes;
  if (!isObject(attributes)) {
    errors.push("Field 'data.attributes' must be an object");
    return { errors };
  }

  const required = update ? ['auth_method', 'domain'] : ['auth_method', 'domain', 'name'];
  for (const field of required) {
    const problem = stringProblem(attributes[field], field, true);
    if (problem) errors.push(problem);
  }
  for (const field of ['client_id', 'client_secret', 'api_key']) {
    const problem = attributes[field] === undefined || attributes[field] === null ? null : stringProblem(attributes[field], field, false);
    if (problem) errors.push(problem);
  }
  if (update && attributes.name !== undefined) errors.push("Attribute 'name' cannot be changed: it is not part of an update");

  const method = attributes.auth_method;
  if (typeof method === 'string' && method !== '') {
    if (!AUTH_METHODS.includes(method)) {
      errors.push(`Unknown auth_method ${JSON.stringify(method)}: must be 'oauth' or 'api_key'`);
    } else {
      const needs = method === 'oauth' ? ['client_id', 'client_secret'] : ['api_key'];
      for (const field of needs) {
        if (!isFilledString(attributes[field])) errors.push(`Attribute '${field}' is required when auth_method is '${method}'`);
      }
    }
  }
  return { errors, attributes };
}

function isFilledString(v) {
  return typeof v === 'string' && v.trim() !== '';
}

function stringProblem(value, field, required) {
  if (value === undefined || value === null) return required ? `Missing required attribute '${field}'` : null;
  if (typeof value !== 'string') return `Attribute '${field}' must be a string`;
  if (required && value.trim() === '') return `Attribute '${field}' must not be empty`;
  return null;
}
