// One table row per account. A row is built once per account object and reused while the
// search or the sort only changes which rows show and in what order, so a keystroke in the
// search box moves rows instead of rebuilding them.

import { h } from './dom.mjs';

export const AUTH_LABELS = { oauth: 'OAuth', api_key: 'API token' };

const built = new WeakMap();

/**
 * The row of an account; `actions` is `{ edit(account, button), remove(account, button),
 * copyId(account) }`.
 */
export function rowFor(account, actions) {
  let row = built.get(account);
  if (!row) {
    row = buildRow(account, actions);
    built.set(account, row);
  }
  return row;
}

function buildRow(account, actions) {
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
      h('button', { type: 'button', class: 'btn ghost tiny copy', 'aria-label': `Copy the id of ${name}`, title: 'Copy the id', onclick: () => actions.copyId(account) }, copyIcon()),
    ),
    h(
      'td',
      { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn secondary small edit', 'aria-label': `Edit ${name}`, onclick: (e) => actions.edit(account, e.currentTarget) }, 'Edit'),
      h('button', { type: 'button', class: 'btn danger-outline small delete', 'aria-label': `Delete ${name}`, onclick: (e) => actions.remove(account, e.currentTarget) }, 'Delete'),
    ),
  );
}

function copyIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  for (const [k, v] of Object.entries({ viewBox: '0 0 16 16', width: 14, height: 14, 'aria-hidden': 'true' })) svg.setAttribute(k, String(v));
  for (const [x, y] of [[5, 5], [2, 2]]) {
    const rect = document.createElementNS(ns, 'rect');
    for (const [k, v] of Object.entries({ x, y, width: 9, height: 9, rx: 2, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 })) rect.setAttribute(k, String(v));
    svg.append(rect);
  }
  return svg;
}
