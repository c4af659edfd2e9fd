// The accounts list: what the API last returned and when, whether that is still current, and
// the rows shown for the search and sort of the moment. A failed refresh keeps the last good
// list, marked stale; the invitation to create an account shows only for a list that loaded
// and is empty, never under an error.

import { $, h, setBusy } from './dom.mjs';
import { describeError, renderError } from './errors.mjs';
import { rowFor } from './rows.mjs';
import { matches, order, setQuery, view } from './search.mjs';

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

/** One line in place of the rows: loading, or why there is nothing to show. */
export function placeholder(text, spinning) {
  tbody.replaceChildren(h('tr', { class: 'placeholder-row' }, h('td', { colspan: 6 }, spinning ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null, ` ${text}`)));
  $('#empty').hidden = true;
  table.hidden = false;
}

const plural = (n) => (n === 1 ? '1 account' : `${n} accounts`);
const clock = (date) => date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * Shows the list for the current search and sort. Every account keeps its row in the table;
 * the search only hides and shows rows, and the rows move only when the order or the set of
 * accounts changes, so a keystroke lays out just the rows that appear.
 */
export function render() {
  const all = order(list.accounts);
  const rows = all.map((account) => rowFor(account, deps.actions));
  let shown = 0;
  for (let i = 0; i < all.length; i++) {
    const hide = !matches(all[i]);
    if (rows[i].hidden !== hide) rows[i].hidden = hide;
    if (!hide) shown++;
  }
  $('#accounts-count').textContent = view.query ? `${shown} of ${plural(all.length)}` : plural(all.length);
  const loadedAt = $('#loaded-at');
  loadedAt.hidden = !list.loadedAt;
  loadedAt.dataset.stale = String(list.stale);
  if (list.loadedAt) {
    loadedAt.textContent = list.stale ? `Not up to date: loaded at ${clock(list.loadedAt)}, the last refresh failed` : `· loaded at ${clock(list.loadedAt)}`;
  }
  table.classList.toggle('stale', list.stale);
  table.parentElement.classList.toggle('stale', list.stale);
  const invite = all.length === 0 && !list.stale;
  $('#empty').hidden = !invite;
  table.hidden = invite;
  if (all.length === 0) {
    if (list.stale) placeholder('There were no accounts when the list was last loaded.', false);
    else tbody.replaceChildren();
    return;
  }
  noMatch.hidden = shown > 0;
  if (shown === 0) noMatch.firstChild.firstChild.textContent = `No account matches “${view.query.trim()}”. `;
  const current = tbody.children;
  if (current.length !== rows.length + 1 || rows.some((r, i) => current[i] !== r)) tbody.replaceChildren(...rows, noMatch);
}

const noMatch = h('tr', { class: 'placeholder-row no-match', hidden: true }, h('td', { colspan: 6 }, '', h('button', { type: 'button', class: 'btn link', onclick: () => clearSearch() }, 'Clear the search')));

/** The rows shown now (the search hides the others). */
const shownRows = () => [...tbody.rows].filter((r) => r.dataset.id && !r.hidden);

function clearSearch() {
  setQuery('', render);
  $('#search').focus();
}

/** The row of an account id, if the search shows it. */
export function rowOf(id) {
  return shownRows().find((r) => r.dataset.id === id) ?? null;
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
  const position = shownRows().findIndex((r) => r.dataset.id === id);
  list.accounts = list.accounts.filter((x) => x.id !== id);
  render();
  const rows = shownRows();
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
