// Bounds on connections, so that idle sockets cannot lock the page out: at most `maxSockets`
// open at once, a new one shedding the socket that has been idle longest; time limits on the
// headers, on the whole request and on a kept-alive socket between requests. Without them a
// few hundred silent sockets exhaust the process's file descriptors (256 by default on macOS,
// often 1024 on Linux) and the server accepts nothing until they time out.

/** The bounds startDemo uses unless told otherwise (`limits`). */
export const DEFAULT_LIMITS = Object.freeze({
  maxSockets: 64, // a browser opens at most 6 per host; a few tabs stay far below this
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
});

/**
 * Fills in and checks `limits` (a TypeError names the bad one).
 * @example readLimits({ headersTimeoutMs: 1000 })   // the defaults, headers in 1 s
 */
export function readLimits(limits = {}) {
  if (limits === null || typeof limits !== 'object') throw new TypeError('limits must be an object');
  for (const key of Object.keys(limits)) {
    if (!(key in DEFAULT_LIMITS)) throw new TypeError(`limits: unknown bound '${key}' (known: ${Object.keys(DEFAULT_LIMITS).join(', ')})`);
  }
  const out = { ...DEFAULT_LIMITS, ...limits };
  for (const [key, value] of Object.entries(out)) {
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`limits.${key} must be a positive integer`);
  }
  if (out.headersTimeoutMs > out.requestTimeoutMs) throw new TypeError('limits.headersTimeoutMs must not exceed limits.requestTimeoutMs');
  return out;
}

/**
 * Options for http.createServer: how often Node looks for requests past their time limits
 * can only be set there (its default, 30 s, would let a silent socket stay three times as
 * long as the limit).
 */
export function serverOptions(limits) {
  return { connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs) };
}

/**
 * Applies `limits` to a node:http server: its time limits, and the cap on open sockets. A
 * socket is idle when no request of its own is in progress: it has sent nothing yet, or only
 * part of its headers, or is kept alive after an answer. Sockets with a request in progress
 * are never shed; when all are, the new socket is closed instead.
 * @example
 * const limits = readLimits();
 * const server = http.createServer(serverOptions(limits));
 * boundConnections(server, limits);
 */
export function boundConnections(server, limits) {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;

  // Open sockets, least recently active first, each with its number of requests in progress.
  const open = new Map();
  server.on('connection', (socket) => {
    if (open.size >= limits.maxSockets) {
      const idlest = firstIdle(open);
      if (!idlest) return socket.destroy();
      open.delete(idlest);
      idlest.destroy();
    }
    open.set(socket, 0);
    socket.once('close', () => open.delete(socket));
    return undefined;
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    if (!open.has(socket)) return;
    open.set(socket, open.get(socket) + 1);
    res.once('close', () => {
      if (!open.has(socket)) return;
      const inProgress = open.get(socket) - 1;
      open.delete(socket); // to the back: the most recently active
      open.set(socket, inProgress);
    });
  });
  return { openSockets: () => open.size };
}

function firstIdle(open) {
  for (const [socket, inProgress] of open) if (inProgress === 0) return socket;
  return null;
}
