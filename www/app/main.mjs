// The accounts dashboard: list, search, create, edit and delete Okta accounts through the
// library. Plain ES modules, no build step. The library comes from /pkg/web.mjs (see api.mjs).
//
//   main.mjs      start, the library calls, what follows a create or an update
//   list.mjs      the list as loaded, its states, the rows shown   (rows.mjs: one row)
//   search.mjs    search, sort, the URL                            (messages.mjs: toasts, notices)
//   form.mjs      the create/edit dialog (fields.mjs: problems at their fields; discard.mjs)
//   remove.mjs    the delete confirmation
//   errors.mjs, status.mjs, api.mjs, dom.mjs

import { $, h } from './dom.mjs';
import { connect, loadInfo } from './api.mjs';
import { setupAccountForm } from './form.mjs';
import { flash, list, placeholder, putAccount, refresh, render, rowOf, setupList } from './list.mjs';
import { notice, setupMessages, toast } from './messages.mjs';
import { setupDelete } from './remove.mjs';
import { setupSearch } from './search.mjs';
import { recordResponse, showInfo } from './status.mjs';

let backend = null; // { lib, book, api, attemptsOf }
let openForm = null;
let openDelete = null;

/** Runs a library call; a failure carries how many attempts the library made. */
async function call(operation, fn) {
  try {
    return await fn();
  } catch (error) {
    if (error && typeof error === 'object') {
      try {
        error.attempts = backend.attemptsOf(operation);
      } catch {
        // a frozen or foreign error: no attempt count then
      }
    }
    throw error;
  }
}

async function copyId(account) {
  try {
    await navigator.clipboard.writeText(account.id);
    toast(`Copied the id of “${account.attributes?.name}”.`);
  } catch {
    toast('The browser did not allow copying; select the id instead.');
  }
}

// ---------------------------------------------------------------- create and edit

async function submit(mode, account, body) {
  if (mode === 'create') return call('createOktaAccount', () => backend.api.createOktaAccount({ body }));
  return call('updateOktaAccount', () => backend.api.updateOktaAccount({ accountId: account.id, body }));
}

function formDone(mode, account, result) {
  const data = result?.data;
  if (!data) {
    refresh();
    return;
  }
  const name = data.attributes?.name ?? account?.attributes?.name;
  // An update may move the account to a new id: from now on only the new one is used.
  putAccount(data, mode === 'edit' ? account.id : null);
  flash(data.id);
  rowOf(data.id)?.querySelector('.edit')?.focus();
  if (mode === 'create') toast(`Created “${name}”.`);
  else if (data.id && data.id !== account.id) {
    notice(`Saved “${name}”. The API gave it a new id: ${account.id} → ${data.id}. The dashboard uses the new id from now on.`);
  } else toast(`Saved “${name}”.`);
}

/** After an edit of an account the API no longer has: reload, and put the focus on the list. */
function accountGone() {
  refresh().then(() => $('#accounts-heading').focus());
}

// ---------------------------------------------------------------- start

function fatal(message) {
  const listError = $('#list-error');
  listError.replaceChildren(h('p', { class: 'alert-title' }, 'The dashboard cannot start'), h('p', {}, message));
  listError.hidden = false;
  placeholder('Nothing to show.', false);
  $('#accounts-count').textContent = 'Not loaded';
  for (const id of ['#refresh', '#new-account', '#search', '#sort']) $(id).disabled = true;
  document.documentElement.dataset.ready = 'false';
}

async function start() {
  setupMessages();
  loadInfo().then(showInfo);
  try {
    backend = await connect(recordResponse);
  } catch (e) {
    fatal(e?.message ?? String(e));
    return;
  }
  const actions = { edit: (account, from) => openForm('edit', account, from), remove: (account, from) => openDelete(account, from), copyId };
  setupList({ call, lib: () => backend.lib, api: () => backend.api, actions });
  setupSearch(() => {
    if (list.loaded) render();
  });
  openForm = setupAccountForm({ lib: backend.lib, book: backend.book, submit, onDone: formDone, onUnknownOutcome: () => refresh(), onGone: accountGone });
  openDelete = setupDelete({ lib: backend.lib, call, api: () => backend.api });
  for (const id of ['#new-account', '#empty-new-account']) $(id).addEventListener('click', (e) => openForm('create', null, e.currentTarget));
  document.documentElement.dataset.ready = 'true';
  await refresh();
}

start();
