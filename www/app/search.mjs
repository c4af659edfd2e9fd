// Which accounts the list shows, and in what order: the search query and the sort. Both are
// kept in the page's URL (?q=acme&sort=domain:desc), so a reload or a shared link shows the
// same list.

import { $, $$ } from './dom.mjs';
import { AUTH_LABELS } from './rows.mjs';

/** What the list shows now. `sort` is null for the API's own order. */
export const view = { query: '', sort: null };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const SORT_KEYS = {
  name: (a) => a.attributes?.name ?? '',
  domain: (a) => a.attributes?.domain ?? '',
  auth: (a) => AUTH_LABELS[a.attributes?.authMethod] ?? a.attributes?.authMethod ?? '',
};
const haystacks = new WeakMap();

/** Reads `sort=name:asc` and the like; anything else means the API's order. */
export function parseSort(text) {
  const m = /^(name|domain|auth):(asc|desc)$/.exec(text ?? '');
  return m ? { key: m[1], dir: m[2] } : null;
}

/** True when the account's name, domain, client id or id contains every word of the query. */
export function matches(account) {
  const words = view.query.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((w) => haystack(account).includes(w));
}

/** The accounts in the chosen order (the API's when none is). */
export function order(accounts) {
  if (!view.sort) return accounts;
  const key = SORT_KEYS[view.sort.key];
  const sign = view.sort.dir === 'desc' ? -1 : 1;
  // Keys computed once per account; equal keys keep the API's order (the sort is stable).
  return accounts
    .map((account) => ({ account, key: key(account) }))
    .sort((x, y) => sign * collator.compare(x.key, y.key))
    .map((x) => x.account);
}

function haystack(account) {
  let text = haystacks.get(account);
  if (text === undefined) {
    const a = account.attributes ?? {};
    text = [a.name, a.domain, a.clientId, account.id].filter(Boolean).join('\n').toLowerCase();
    haystacks.set(account, text);
  }
  return text;
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  view.query = params.get('q') ?? '';
  view.sort = parseSort(params.get('sort'));
}

function writeUrl() {
  const url = new URL(location.href);
  if (view.query) url.searchParams.set('q', view.query);
  else url.searchParams.delete('q');
  if (view.sort) url.searchParams.set('sort', `${view.sort.key}:${view.sort.dir}`);
  else url.searchParams.delete('sort');
  history.replaceState(history.state, '', url);
}

/** Shows the current view in the controls: the box, the headers' aria-sort, the select. */
function syncControls() {
  const input = $('#search');
  if (input.value !== view.query) input.value = view.query;
  for (const th of $$('#accounts-table th[data-sort]')) {
    const on = view.sort?.key === th.dataset.sort;
    if (on) th.setAttribute('aria-sort', view.sort.dir === 'asc' ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  }
  $('#sort').value = view.sort ? `${view.sort.key}:${view.sort.dir}` : '';
}

/** Sets the query (the "Clear the search" button uses it). */
export function setQuery(query, onChange) {
  view.query = query;
  writeUrl();
  syncControls();
  onChange();
}

/**
 * Wires the search box, the sortable headers, the sort select (narrow screens) and the `/`
 * shortcut; reads the view from the URL. `onChange()` re-renders the list.
 */
export function setupSearch(onChange) {
  readUrl();
  syncControls();
  const input = $('#search');
  input.addEventListener('input', () => {
    view.query = input.value;
    writeUrl();
    onChange();
  });
  const setSort = (sort) => {
    view.sort = sort;
    writeUrl();
    syncControls();
    onChange();
  };
  for (const th of $$('#accounts-table th[data-sort]')) {
    $('button.sort', th).addEventListener('click', () => {
      const key = th.dataset.sort;
      setSort({ key, dir: view.sort?.key === key && view.sort.dir === 'asc' ? 'desc' : 'asc' });
    });
  }
  $('#sort').addEventListener('change', (e) => setSort(parseSort(e.target.value)));
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target;
    if (t instanceof HTMLElement && (t.isContentEditable || t.closest('input, textarea, select, dialog'))) return;
    if (document.querySelector('dialog[open]')) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
}
