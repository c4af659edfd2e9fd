// The delete confirmation. The focus starts on Cancel; an account the API no longer has is
// removed from the list as if the delete had worked, and the message says it was already gone.

import { $, h, setBusy } from './dom.mjs';
import { describeError, renderError } from './errors.mjs';
import { dropAccount } from './list.mjs';
import { toast } from './messages.mjs';

/** Wires the dialog once; returns `open(account, opener)`. */
export function setupDelete({ lib, call, api }) {
  const dialog = $('#delete-dialog');
  const form = $('#delete-form');
  const text = $('#delete-dialog-text');
  const error = $('#delete-error');
  const confirm = $('#delete-confirm');
  const cancel = $('#delete-cancel');
  let target = null;
  let opener = null;
  let busy = false;

  const close = (focus = opener) => {
    dialog.close();
    focus?.focus();
  };
  cancel.addEventListener('click', () => !busy && close());
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    if (!busy) close();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy || !target) return;
    busy = true;
    cancel.disabled = true;
    setBusy(confirm, true, 'Deleting…');
    error.hidden = true;
    const { id } = target;
    const name = target.attributes?.name;
    try {
      await call('deleteOktaAccount', () => api().deleteOktaAccount({ accountId: id }));
      close(dropAccount(id, $('#new-account')));
      toast(`Deleted “${name}”.`);
    } catch (err) {
      if (err instanceof lib.client.ApiException && err.code === 404) {
        // Deleted elsewhere meanwhile: what the person wanted is done.
        close(dropAccount(id, $('#new-account')));
        toast(`“${name}” was already gone: the API no longer has it, so it was removed from the list.`);
      } else {
        renderError(error, 'The account was not deleted', describeError(err, lib, { attempts: err?.attempts }));
      }
    } finally {
      busy = false;
      cancel.disabled = false;
      setBusy(confirm, false);
    }
  });

  return (account, from) => {
    target = account;
    opener = from;
    const a = account.attributes ?? {};
    $('#delete-dialog-title').textContent = `Delete “${a.name}”?`;
    text.replaceChildren(
      'The Okta account ',
      h('strong', {}, a.name ?? ''),
      ` (${a.domain ?? 'no domain'}) will be removed from Datadog's Okta integration, and Datadog will stop collecting its logs. This cannot be undone.`,
    );
    error.hidden = true;
    dialog.showModal();
    cancel.focus();
  };
}
