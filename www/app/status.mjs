// The header's status (backend, site, rate-limit budget) and the request activity list, fed
// by the library's onResponse events.

import { $, h } from './dom.mjs';
import { statusText } from './errors.mjs';

const ACTIVITY_MAX = 12;
let rate = null; // { limit, period, remaining, reset, name, at }
let ticker = null;

/** Shows which backend and site the server talks to (from /__demo/info). */
export function showInfo(info) {
  const backend = $('#backend-value');
  const site = $('#site-value');
  const banner = $('#mode-banner');
  if (!info) {
    backend.textContent = 'Unknown';
    site.textContent = 'unknown';
    return;
  }
  backend.dataset.mode = info.mode;
  site.dataset.site = info.site;
  if (info.libraryVersion) $('#library-version').textContent = ` ${info.libraryVersion}`;
  if (info.mode === 'local') {
    backend.replaceChildren(h('span', { class: 'pill local' }, 'Local API'));
    backend.title = `${info.backend}; keys ${info.keys}`;
    site.replaceChildren('local ', h('span', { class: 'muted small' }, '· no Datadog account'));
    site.title = info.stateFile ? `Accounts are kept in ${info.stateFile}` : 'Accounts are kept in memory';
    banner.hidden = true;
  } else {
    backend.replaceChildren(h('span', { class: 'pill live' }, 'Datadog proxy'));
    backend.title = `${info.backend}; keys ${info.keys}`;
    site.textContent = info.site;
    site.title = info.backend;
    banner.replaceChildren(
      h('strong', {}, `Connected to Datadog (${info.site}). `),
      'Changes made here are real. The keys stay in the server process; this page never sees them.',
    );
    banner.hidden = false;
  }
}

/** Records one attempt: the rate-limit figures and a line in the activity list. */
export function recordResponse(event) {
  if (event.rateLimit && event.rateLimit.remaining !== undefined) {
    rate = { ...event.rateLimit, at: Date.now() };
    renderRate();
    clearInterval(ticker);
    if (rate.reset !== undefined) ticker = setInterval(renderRate, 1000);
  }
  addActivity(event);
}

/**
 * The budget as the API gave it ("0 of 0 left" is what it said), a bar only while some is
 * left, and "exhausted, resets in N s" when none is. The card keeps its size in every state.
 */
function renderRate() {
  const box = $('#rate-limit');
  const value = $('#rate-limit-value');
  const meter = $('#rate-limit-meter');
  const reset = $('#rate-limit-reset');
  if (!rate) return;
  const { limit, remaining, period, name } = rate;
  const exhausted = remaining === 0;
  box.dataset.remaining = String(remaining);
  box.dataset.limit = limit === undefined ? '' : String(limit);
  box.dataset.exhausted = String(exhausted);
  value.textContent = limit !== undefined ? `${remaining} of ${limit} left` : `${remaining} left`;
  box.classList.toggle('low', !exhausted && limit !== undefined && remaining <= Math.max(1, limit * 0.1));
  box.classList.toggle('exhausted', exhausted);
  const bar = !exhausted && limit !== undefined && limit > 0 && remaining <= limit;
  meter.hidden = !bar;
  if (bar) {
    meter.max = limit;
    meter.value = remaining;
    meter.low = limit * 0.25;
    meter.high = limit * 0.5;
    meter.optimum = limit;
    meter.setAttribute('aria-label', `Rate-limit budget: ${remaining} of ${limit} requests left`);
  }
  const left = rate.reset === undefined ? null : Math.max(0, rate.reset - Math.floor((Date.now() - rate.at) / 1000));
  if (left === 0) clearInterval(ticker);
  const when = left === null ? '' : left > 0 ? `resets in ${left} s` : 'window reset';
  reset.textContent = exhausted ? (left > 0 ? `exhausted, resets in ${left} s` : left === 0 ? 'exhausted; the window has reset' : 'exhausted') : when;
  box.title = [name && `Budget “${name}”`, limit !== undefined && period !== undefined && `${limit} requests per ${period} s`, 'from the X-RateLimit headers of the last response'].filter(Boolean).join(' · ');
}

function addActivity(event) {
  const list = $('#activity');
  $('#activity-empty').hidden = true;
  const outcome = event.status !== null && event.status !== undefined ? statusText(event.status).replace(/^HTTP /, '') : event.error === 'timeout' ? 'timed out' : event.error === 'aborted' ? 'cancelled' : 'network error';
  const kind = event.status >= 200 && event.status < 300 ? 'ok' : event.status === 429 ? 'warn' : 'bad';
  const time = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const item = h(
    'li',
    { class: `activity-item ${kind}`, dataset: { status: String(event.status ?? ''), operation: event.operation } },
    h('span', { class: 'time' }, time),
    h('span', { class: 'method' }, event.method),
    h('span', { class: 'path' }, event.path),
    h('span', { class: `outcome ${kind}` }, outcome),
    h('span', { class: 'meta' }, `${Math.round(event.durationMs)} ms`, event.attempt > 1 ? ` · attempt ${event.attempt}` : ''),
  );
  list.prepend(item);
  while (list.children.length > ACTIVITY_MAX) list.lastElementChild.remove();
}
