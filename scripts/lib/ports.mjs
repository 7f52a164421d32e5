// Free loopback ports, so test runs never collide with a running `npm start` (or each other).
import net from "node:net";

/** Resolves to `preferred` when it is free on 127.0.0.1, otherwise to a port the OS picks. */
export async function freePort(preferred = 0) {
  const tryListen = (port) =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.unref();
      srv.once("error", () => resolve(null));
      srv.listen({ port, host: "127.0.0.1", exclusive: true }, () => {
        const { port: got } = srv.address();
        srv.close(() => resolve(got));
      });
    });
  if (preferred) {
    const got = await tryListen(preferred);
    if (got) return got;
  }
  return tryListen(0);
}

/** Waits until something accepts TCP connections on host:port. */
export async function waitForPort(port, { host = "127.0.0.1", timeoutMs = 30000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const sock = net.connect({ port, host });
      sock.once("connect", () => { sock.destroy(); resolve(true); });
      sock.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Nothing listened on ${host}:${port} within ${timeoutMs} ms`);
}
