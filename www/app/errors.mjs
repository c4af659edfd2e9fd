// Turns what the library throws into what a person can read: a status line, the server's own
// messages, and what to do about it. Never a stack trace.

import { fill, h } from './dom.mjs';

// The reason phrases come from the library's rule book (`client.rules.describe()`), set once
// the library is loaded; before that a status shows as its number.
let REASONS = {};

/** Takes the reason phrases of the rule book (`{ "404": "Not Found", ... }`). */
export function useReasonPhrases(phrases) {
  REASONS = phrases ?? {};
}

export function statusText(code) {
  return REASONS[code] ? `HTTP ${code} ${REASONS[code]}` : `HTTP ${code}`;
}

/** The messages in an error body: `{ errors: [...] }`, or the text of an HTML/plain page. */
export function serverMessages(body, code = null) {
  if (body && typeof body === 'object' && Array.isArray(body.errors)) {
    return body.errors.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).filter(Boolean);
  }
  if (typeof body !== 'string') return [];
  // The page's pieces of text (title, heading, paragraphs), each once, without the ones that
  // only repeat the status line: nginx's "502 Bad Gateway" page says nothing more.
  const statusLine = new Set([String(code), REASONS[code], `${code} ${REASONS[code]}`].map((s) => String(s).toLowerCase()));
  const seen = new Set();
  const pieces = [];
  for (const raw of body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').split(/<[^>]*>/)) {
    const piece = decode(raw).replace(/\s+/g, ' ').trim();
    const key = piece.toLowerCase();
    if (piece === '' || seen.has(key) || statusLine.has(key)) continue;
    seen.add(key);
    pieces.push(piece);
  }
  const text = pieces.join(' · ');
  if (text === '') return [];
  return [text.length > 300 ? `${text.slice(0, 300)}…` : text];
}

/** True for a body that is an HTML page: something in front of the API answered, not the API. */
function isHtmlPage(body) {
  return typeof body === 'string' && /<(!doctype html|html|head|body|title|h1)[\s>]/i.test(body);
}

function decode(text) {
  return text.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Drops the "operation: " prefix the library puts in front of its messages. */
function plain(message) {
  const text = String(message ?? '')
    .split('\n')[0]
    .replace(/^[a-zA-Z]+OktaAccounts?: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Describes an error thrown by a call.
 * @returns {{ status: string, code: number|null, messages: string[], hint: string|null, unknownOutcome: boolean }}
 */
export function describeError(error, lib, context = {}) {
  const c = lib?.client ?? {};
  const attempts = context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  if (c.UnknownOutcomeError && error instanceof c.UnknownOutcomeError) {
    const cause = error.cause ? describeError(error.cause, lib) : null;
    return {
      status: cause ? `${cause.status}: outcome unknown` : 'Outcome unknown',
      code: cause?.code ?? null,
      messages: [...(cause?.messages ?? []), plain(error.message).replace(/ \(after: [\s\S]*\)$/, '')],
      hint: 'The change may or may not have been made. The list has been reloaded to show what the API holds now; check it before trying again.',
      unknownOutcome: true,
    };
  }
  if (c.ApiException && error instanceof c.ApiException) {
    // An HTML page comes from a proxy or load balancer in front of the API: one line says so.
    const from = isHtmlPage(error.body) ? " from the proxy's upstream" : '';
    return {
      status: statusText(error.code) + from + attempts,
      code: error.code,
      messages: serverMessages(error.body, error.code),
      hint: hintFor(error, context),
      unknownOutcome: false,
    };
  }
  if (c.ValidationError && error instanceof c.ValidationError) {
    return {
      status: 'Invalid input: nothing was sent',
      code: null,
      messages: (error.problems ?? []).map((p) => `${p.path}: ${p.message}`),
      hint: null,
      unknownOutcome: false,
    };
  }
  if (c.TimeoutError && error instanceof c.TimeoutError) {
    return { status: `No answer within ${Math.round((error.timeoutMs ?? 0) / 1000)} s${attempts}`, code: null, messages: [], hint: 'The server is slow or stuck. Try again in a moment.', unknownOutcome: false };
  }
  if (c.NetworkError && error instanceof c.NetworkError) {
    return { status: `Network error${attempts}`, code: null, messages: [], hint: 'The dashboard server could not be reached. Is it still running?', unknownOutcome: false };
  }
  if (c.DecodeError && error instanceof c.DecodeError) {
    return { status: `${statusText(error.code)} with an unexpected body`, code: error.code, messages: [plain(error.message)], hint: null, unknownOutcome: false };
  }
  return { status: 'Unexpected error', code: null, messages: [plain(error?.message ?? error)], hint: null, unknownOutcome: false };
}

function hintFor(error, context) {
  const code = error.code;
  if (code === 403) return 'The API key pair the server uses may not do this: reading needs the integrations_read permission, changes need manage_integrations.';
  if (code === 401) return 'The API rejected the keys the server uses.';
  if (code === 404) return 'It may have been deleted elsewhere. Refresh the list.';
  if (code === 409) return 'Pick another name.';
  if (code === 429) {
    const reset = error.rateLimit?.reset;
    return `The rate-limit budget is spent${reset !== undefined ? `; it resets in ${reset} s` : ''}. Try again then.`;
  }
  if (code >= 500) return context.attempts > 1 ? 'The API failed on every attempt. Try again later.' : 'The API failed. Try again later.';
  return null;
}

/** Fills an alert element with a description; `title` says what failed. */
export function renderError(container, title, described, actions = []) {
  fill(
    container,
    h('p', { class: 'alert-title' }, title),
    h('p', { class: 'alert-status' }, described.status),
    described.messages.length > 0 ? h('ul', { class: 'alert-messages' }, described.messages.map((m) => h('li', {}, m))) : null,
    described.hint ? h('p', { class: 'alert-hint' }, described.hint) : null,
    actions.length > 0 ? h('div', { class: 'alert-actions' }, actions) : null,
  );
  container.hidden = false;
}
