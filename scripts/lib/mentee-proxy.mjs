// A persona proxy in front of the Agents Playground: a browser opened on the proxy's URL is
// signed in as another user of the same Playground (by default the mentee).
//
// The Playground's UI has no user switcher and its server's currentUser is fixed; the page
// learns who it is from `GET /_internal/v1/config`. This proxy forwards every request and
// websocket upgrade unchanged, except that answer, which it rewrites:
//   - config.currentUser := the chosen user (from config.users),
//   - the former current user takes the chosen user's place in config.users,
//   - in groupChats[].members and teams[].members (which list everybody but the current
//     user) the chosen user's id is replaced by the former current user's id.
// The page then shows that person and its messages/card actions carry their from.id and
// aadObjectId. Only node:http — no dependencies.
import http from "node:http";
import net from "node:net";
import zlib from "node:zlib";
import { freePort } from "./ports.mjs";

const CONFIG_PATH = "/_internal/v1/config";

/**
 * Rewrites a /_internal/v1/config answer ({ config: {...}, internalConfig: {...} }) so that
 * `asUserId` (a user id, aadObjectId or display name from config.users) is the current user.
 * Pure; exported for tests.
 */
export function rewriteConfigAs(body, asUserId) {
  const config = body?.config;
  if (!config?.currentUser || !Array.isArray(config.users)) return body;
  const former = config.currentUser;
  if (matches(former, asUserId)) return body;
  const idx = config.users.findIndex((u) => matches(u, asUserId));
  if (idx < 0) throw new Error(`persona proxy: no user "${asUserId}" in the Playground config (users: ${config.users.map((u) => u.id).join(", ")})`);
  const chosen = config.users[idx];
  const users = config.users.slice();
  users[idx] = former;
  const swap = (ids) =>
    Array.isArray(ids) ? ids.map((id) => (id === chosen.id ? former.id : id === former.id ? chosen.id : id)) : ids;
  return {
    ...body,
    config: {
      ...config,
      currentUser: chosen,
      users,
      groupChats: Array.isArray(config.groupChats) ? config.groupChats.map((c) => ({ ...c, members: swap(c.members) })) : config.groupChats,
      teams: Array.isArray(config.teams) ? config.teams.map((t) => ({ ...t, members: swap(t.members) })) : config.teams,
    },
  };
}

function matches(user, key) {
  return !!user && (user.id === key || user.aadObjectId === key || user.name === key);
}

function decode(buf, encoding) {
  switch ((encoding || "identity").toLowerCase()) {
    case "gzip": case "x-gzip": return zlib.gunzipSync(buf);
    case "deflate": return zlib.inflateSync(buf);
    case "br": return zlib.brotliDecompressSync(buf);
    default: return buf;
  }
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"]);

/**
 * @param {{ targetPort: number, targetHost?: string, preferredPort?: number, asUserId: string, host?: string }} opts
 * @returns {Promise<{ port: number, url: string, stop: () => Promise<void>, server: import('node:http').Server }>}
 */
export async function startPersonaProxy({ targetPort, targetHost = "127.0.0.1", preferredPort = 0, asUserId, host = "127.0.0.1" }) {
  if (!targetPort) throw new Error("startPersonaProxy: targetPort is required");
  if (!asUserId) throw new Error("startPersonaProxy: asUserId is required");
  const sockets = new Set();

  const server = http.createServer((req, res) => {
    const isConfig = req.method === "GET" && (req.url === CONFIG_PATH || req.url?.startsWith(CONFIG_PATH + "?"));
    const headers = { ...req.headers };
    if (isConfig) {
      headers["accept-encoding"] = "identity"; // we rewrite it (and still decode below if ignored)
      delete headers["if-none-match"];
      delete headers["if-modified-since"];
    }
    const upstream = http.request(
      { host: targetHost, port: targetPort, method: req.method, path: req.url, headers },
      (up) => {
        if (!isConfig || (up.statusCode ?? 500) >= 300) {
          res.writeHead(up.statusCode ?? 502, up.statusMessage, passHeaders(up.headers));
          up.pipe(res);
          return;
        }
        const chunks = [];
        up.on("data", (c) => chunks.push(c));
        up.on("error", (e) => fail(res, e));
        up.on("end", () => {
          try {
            const raw = decode(Buffer.concat(chunks), up.headers["content-encoding"]);
            const rewritten = Buffer.from(JSON.stringify(rewriteConfigAs(JSON.parse(raw.toString("utf8")), asUserId)), "utf8");
            const out = passHeaders(up.headers, ["content-length", "content-encoding", "etag"]);
            out["content-length"] = String(rewritten.length);
            out["cache-control"] = "no-store";
            res.writeHead(up.statusCode ?? 200, out);
            res.end(rewritten);
          } catch (e) {
            fail(res, e);
          }
        });
      },
    );
    upstream.on("error", (e) => fail(res, e));
    res.on("close", () => { if (!res.writableFinished) upstream.destroy(); }); // the browser gave up
    req.pipe(upstream);
  });

  // Websockets (/_ws/...): open a raw TCP connection to the target, replay the request head,
  // then pipe both ways.
  server.on("upgrade", (req, socket, head) => {
    const up = net.connect({ host: targetHost, port: targetPort }, () => {
      let head1 = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) head1 += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      up.write(head1 + "\r\n");
      if (head?.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    track(up);
    const close = () => { up.destroy(); socket.destroy(); };
    up.on("error", close);
    socket.on("error", close);
    up.on("close", close);
    socket.on("close", close);
  });

  server.on("connection", track);
  function track(s) {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  }

  const port = await listen(server, preferredPort, host);
  const url = `http://${host === "0.0.0.0" || host === "::" ? "localhost" : host}:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return { port, url, stop, server };
}

function passHeaders(headers, drop = []) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && !HOP_BY_HOP.has(k) && !drop.includes(k)) out[k] = v;
  }
  return out;
}

function fail(res, e) {
  if (res.headersSent) { res.destroy(e); return; }
  const msg = `persona proxy: ${e?.message ?? e}`;
  res.writeHead(502, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(msg) });
  res.end(msg);
}

async function listen(server, preferredPort, host) {
  // freePort() probes 127.0.0.1; between the probe and listen() someone may take the port,
  // so retry with an OS-chosen one.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = attempt === 0 ? await freePort(preferredPort) : 0;
    const ok = await new Promise((resolve) => {
      const onErr = () => resolve(false);
      server.once("error", onErr);
      server.listen({ port, host, exclusive: true }, () => { server.off("error", onErr); resolve(true); });
    });
    if (ok) return server.address().port;
  }
  throw new Error("persona proxy: could not listen");
}
