// A test server on 127.0.0.1, on a port the system picks.

/** Starts `server` listening; resolves to { url, close }, `close` dropping open connections. */
export async function listenLocal(server) {
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
