// The accounts list: what the API last returned and when, whether that is still current, and
// the rows shown for the search and sort of the moment. A failed refresh keeps the last good
// list, marked stale; the invitation to create an account shows only for a list that loaded
// and is empty, never under an error.

import { $, h, setBusy } from './dom.mjs';
import { describeError, renderError } from './errors.mjs';
import { rowFor } from './rows.mjs';
import { setQuery, view, visible } from './search.mjs';

/** The list as last loaded. */
export const list = { accounts: [], loaded: false, loadedAt: null, stale: false, loading: null };

let deps = null; // { call, lib, api, actions }
const table = $('#accounts-table');
const tbody = $('#accounts-body');
const refreshButton = $('#refresh');
const listError = $('#list-error');

/** `deps`: `{ call(operation, fn), lib(), api(), actions }` (see rows.mjs for `actions`). */
export function setupList(d) {
  deps = d;
  refreshButton.addEventListener('click', () => refresh());
}

/** Loads the list again; a second call while one runs joins it. */
export function refresh() {
  if (list.loading) return list.loading;
  list.loading = (async () => {
    setBusy(refreshButton, true, 'Refreshing…');
    table.setAttribute('aria-busy', 'true');
    table.classList.add('loading');
    if (!list.loaded) placeholder('Loading accounts…', true);
    try {
      const result = await deps.call('listOktaAccounts', () => deps.api().listOktaAccounts());
      list.accounts = Array.isArray(result?.data) ? result.data : [];
      list.loaded = true;
      list.loadedAt = new Date();
      list.stale = false;
      listError.hidden = true;
      render();
    } catch (error) {
      const retry = h('button', { type: 'button', class: 'btn secondary small', onclick: () => refresh() }, 'Try again');
      renderError(listError, 'Could not load the accounts', describeError(error, deps.lib(), { attempts: error?.attempts }), [retry]);
      if (list.loaded) {
        list.stale = true;
        render();
      } else {
        placeholder('The accounts could not be loaded.', false);
        $('#accounts-count').textContent = 'Not loaded';
      }
    } finally {
      setBusy(refreshButton, false);
      table.removeAttribute('aria-busy');
      table.classList.remove('loading');
      list.loading = null;
    }
  })();
  return list.loading;
}

export function placeholder(text, spinning) {
  tbody.replaceChildren(h('tr', { class: 'placeholder-row' }, h('td', { colspan: 6 }, spinning ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null, ` ${text}`)));
  $('#empty').hidden = true;
  table.hidden = false;
}

const plural = (n) => (n === 1 ? '1 account' : `${n} accounts`);
const clock = (date) => date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Shows the list for the current search and sort. */
export function render() {
  const all = list.accounts;
  const shown = visible(all);
  $('#accounts-count').textContent = view.query ? `${shown.length} of ${plural(all.length)}` : plural(all.length);
  const loadedAt = $('#loaded-at');
  loadedAt.hidden = !list.loadedAt;
  loadedAt.dataset.stale = String(list.stale);
  if (list.loadedAt) {
    loadedAt.textContent = list.stale ? `Not up to date: loaded at ${clock(list.loadedAt)}, the last refresh failed` : `· loaded at ${clock(list.loadedAt)}`;
  }
  table.classList.toggle('stale', list.stale);
  const invite = all.length === 0 && !list.stale;
  $('#empty').hidden = !invite;
  table.hidden = invite;
  if (all.length === 0) {
    if (list.stale) placeholder('There were no accounts when the list was last loaded.', false);
    return;
  }
  if (shown.length === 0) {
    const clear = h('button', { type: 'button', class: 'btn link', onclick: () => clearSearch() }, 'Clear the search');
    tbody.replaceChildren(h('tr', { class: 'placeholder-row no-match' }, h('td', { colspan: 6 }, `No account matches “${view.query.trim()}”. `, clear)));
    return;
  }
  tbody.replaceChildren(...shown.map((account) => rowFor(account, deps.actions)));
}

function clearSearch() {
  setQuery('', render);
  $('#search').focus();
}

/** The row of an account id, if it is shown. */
export function rowOf(id) {
  return [...tbody.rows].find((r) => r.dataset.id === id) ?? null;
}

/** Adds an account (after a create), or replaces `oldId`'s (after an update). */
export function putAccount(data, oldId = null) {
  const index = oldId === null ? -1 : list.accounts.findIndex((x) => x.id === oldId);
  if (index >= 0) list.accounts[index] = data;
  else list.accounts.push(data);
  render();
}

/**
 * Drops an account from the list; returns the button to focus next: the same action on the
 * row that took its place, or `fallback`.
 */
export function dropAccount(id, fallback) {
  const shownBefore = [...tbody.rows];
  const position = shownBefore.findIndex((r) => r.dataset.id === id);
  list.accounts = list.accounts.filter((x) => x.id !== id);
  render();
  const rows = [...tbody.rows].filter((r) => r.dataset.id);
  return rows[Math.min(Math.max(position, 0), rows.length - 1)]?.querySelector('.delete') ?? fallback;
}

/** Draws the eye to a row that just changed. */
export function flash(id) {
  const r = rowOf(id);
  if (!r) return;
  r.classList.remove('flash');
  void r.offsetWidth; // restart the animation
  r.classList.add('flash');
}
