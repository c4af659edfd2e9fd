// The accounts dashboard: list, create, edit and delete Okta accounts through the library.
// Plain ES modules, no build step. The library comes from /pkg/web.mjs (see api.mjs).

import { $, h, setBusy } from './dom.mjs';
import { connect, loadInfo } from './api.mjs';
import { describeError, renderError } from './errors.mjs';
import { setupAccountForm } from './form.mjs';
import { recordResponse, showInfo } from './status.mjs';

const AUTH_LABELS = { oauth: 'OAuth', api_key: 'API token' };

const state = { accounts: [], loaded: false, loading: null };
let backend = null; // { lib, api, attemptsOf }
let openForm = null;
let openDelete = null;

const table = $('#accounts-table');
const tbody = $('#accounts-body');
const refreshButton = $('#refresh');
const listError = $('#list-error');

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

// ---------------------------------------------------------------- the list

function refresh() {
  if (state.loading) return state.loading;
  state.loading = (async () => {
    setBusy(refreshButton, true, 'Refreshing…');
    table.setAttribute('aria-busy', 'true');
    table.classList.add('loading');
    if (!state.loaded) placeholder('Loading accounts…', true);
    try {
      const result = await call('listOktaAccounts', () => backend.api.listOktaAccounts());
      state.accounts = Array.isArray(result?.data) ? result.data : [];
      state.loaded = true;
      listError.hidden = true;
      render();
    } catch (error) {
      const retry = h('button', { type: 'button', class: 'btn secondary small', onclick: () => refresh() }, 'Try again');
      renderError(listError, 'Could not load the accounts', describeError(error, backend.lib, { attempts: error?.attempts }), [retry]);
      if (!state.loaded) {
        placeholder('The accounts could not be loaded.', false);
        $('#accounts-count').textContent = 'Not loaded';
      }
    } finally {
      setBusy(refreshButton, false);
      table.removeAttribute('aria-busy');
      table.classList.remove('loading');
      state.loading = null;
    }
  })();
  return state.loading;
}

function placeholder(text, spinning) {
  tbody.replaceChildren(h('tr', { class: 'placeholder-row' }, h('td', { colspan: 6 }, spinning ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null, ` ${text}`)));
  $('#empty').hidden = true;
}

function render() {
  const n = state.accounts.length;
  $('#accounts-count').textContent = n === 1 ? '1 account' : `${n} accounts`;
  $('#empty').hidden = n !== 0;
  table.hidden = n === 0;
  tbody.replaceChildren(...state.accounts.map(row));
}

function row(account) {
  const a = account.attributes ?? {};
  const name = a.name ?? '(no name)';
  const method = a.authMethod;
  return h(
    'tr',
    { dataset: { id: account.id ?? '', name } },
    h('th', { scope: 'row', class: 'name' }, name),
    h('td', { class: 'domain' }, a.domain ?? ''),
    h('td', { class: 'auth' }, h('span', { class: `badge ${method === 'api_key' ? 'api-key' : 'oauth'}`, dataset: { auth: method ?? '' } }, AUTH_LABELS[method] ?? method ?? '?')),
    h('td', { class: 'mono client-id' }, a.clientId ? a.clientId : h('span', { class: 'none', title: 'API-token accounts have no client ID' }, '—')),
    h(
      'td',
      { class: 'mono id' },
      h('code', {}, account.id ?? ''),
      h('button', { type: 'button', class: 'btn ghost tiny copy', 'aria-label': `Copy the id of ${name}`, title: 'Copy the id', onclick: () => copyId(account) }, copyIcon()),
    ),
    h(
      'td',
      { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn secondary small edit', 'aria-label': `Edit ${name}`, onclick: (e) => openForm('edit', account, e.currentTarget) }, 'Edit'),
      h('button', { type: 'button', class: 'btn danger-outline small delete', 'aria-label': `Delete ${name}`, onclick: (e) => openDelete(account, e.currentTarget) }, 'Delete'),
    ),
  );
}

function copyIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  for (const [x, y] of [[5, 5], [2, 2]]) {
    const rect = document.createElementNS(ns, 'rect');
    for (const [k, v] of Object.entries({ x, y, width: 9, height: 9, rx: 2, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 })) rect.setAttribute(k, String(v));
    svg.append(rect);
  }
  return svg;
}

function rowOf(id) {
  return [...tbody.rows].find((r) => r.dataset.id === id) ?? null;
}

function flash(id) {
  const r = rowOf(id);
  if (!r) return;
  r.classList.remove('flash');
  void r.offsetWidth; // restart the animation
  r.classList.add('flash');
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
  if (mode === 'create') {
    state.accounts.push(data);
    render();
    flash(data.id);
    toast(`Created “${name}”.`);
    rowOf(data.id)?.querySelector('.edit')?.focus();
    return;
  }
  // An update may move the account to a new id: from now on only the new one is used.
  const index = state.accounts.findIndex((x) => x.id === account.id);
  if (index >= 0) state.accounts[index] = data;
  else state.accounts.push(data);
  render();
  flash(data.id);
  rowOf(data.id)?.querySelector('.edit')?.focus();
  if (data.id && data.id !== account.id) {
    notice(`Saved “${name}”. The API gave it a new id: ${account.id} → ${data.id}. The dashboard uses the new id from now on.`);
  } else {
    toast(`Saved “${name}”.`);
  }
}

// ---------------------------------------------------------------- delete

function setupDelete() {
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
      await call('deleteOktaAccount', () => backend.api.deleteOktaAccount({ accountId: id }));
      const index = state.accounts.findIndex((x) => x.id === id);
      if (index >= 0) state.accounts.splice(index, 1);
      render();
      const next = tbody.rows[Math.min(index, tbody.rows.length - 1)]?.querySelector('.delete');
      close(next ?? $('#new-account'));
      toast(`Deleted “${name}”.`);
    } catch (err) {
      renderError(error, 'The account was not deleted', describeError(err, backend.lib, { attempts: err?.attempts }));
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

// ---------------------------------------------------------------- messages

function toast(message) {
  const item = h('div', { class: 'toast' }, message);
  $('#toasts').append(item);
  setTimeout(() => item.classList.add('leaving'), 5000);
  setTimeout(() => item.remove(), 5400);
}

function notice(message) {
  const box = $('#notice');
  $('.alert-text', box).textContent = message;
  box.hidden = false;
}

// ---------------------------------------------------------------- start

function fatal(message) {
  listError.replaceChildren(h('p', { class: 'alert-title' }, 'The dashboard cannot start'), h('p', {}, message));
  listError.hidden = false;
  placeholder('Nothing to show.', false);
  $('#accounts-count').textContent = 'Not loaded';
  for (const id of ['#refresh', '#new-account']) $(id).disabled = true;
  document.documentElement.dataset.ready = 'false';
}

async function start() {
  $('#notice .dismiss').addEventListener('click', () => {
    $('#notice').hidden = true;
  });
  loadInfo().then(showInfo);
  try {
    backend = await connect(recordResponse);
  } catch (e) {
    fatal(e?.message ?? String(e));
    return;
  }
  openForm = setupAccountForm({ lib: backend.lib, submit, onDone: formDone, onUnknownOutcome: () => refresh() });
  openDelete = setupDelete();
  refreshButton.addEventListener('click', () => refresh());
  for (const id of ['#new-account', '#empty-new-account']) $(id).addEventListener('click', (e) => openForm('create', null, e.currentTarget));
  document.documentElement.dataset.ready = 'true';
  await refresh();
}

start();
