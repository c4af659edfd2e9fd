// How the server answers: the security headers every reply carries, plain-text, JSON and
// API-shaped bodies, and log lines that a hostile request cannot forge.

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function textBody(text) {
  return { body: text + '\n', headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
}

export function jsonBody(value) {
  return { body: JSON.stringify(value) + '\n', headers: { 'Content-Type': 'application/json' } };
}

/** The API's error shape, so the library shows the message like any other API error. */
export function apiError(message) {
  return { body: JSON.stringify({ errors: [`demo server: ${message}`] }), headers: { 'Content-Type': 'application/json' } };
}

export function send(res, status, { body, headers }, extra = {}, headOnly = false) {
  for (const [k, v] of Object.entries({ ...SECURITY_HEADERS, ...headers, ...extra })) res.setHeader(k, v);
  const noBody = status === 204 || status === 304;
  if (!noBody) res.setHeader('Content-Length', Buffer.byteLength(body ?? ''));
  res.writeHead(status);
  res.end(noBody || headOnly ? undefined : body);
}

/** A refusal: in the API's error shape on the API paths, plain text elsewhere. */
export function refuse(res, isApi, status, message, headers = {}) {
  return send(res, status, isApi ? apiError(message) : textBody(message), headers);
}

export function safeForLog(value) {
  // eslint-disable-next-line no-control-regex
  return String(value).replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 200);
}
