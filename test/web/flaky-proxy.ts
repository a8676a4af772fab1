import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * A weak phone connection in front of Loket, for browser tests: requests go through unchanged,
 * except that the answer to a chosen request can be lost after Loket took it, and the requests
 * after it can fail on the way (what a page sees on a dropping mobile link). Unlike Playwright's
 * request interception it forwards upload bodies as they are (Chromium does not expose files).
 */
export interface FlakyProxy {
  url: string;
  /** The next request whose path contains `path` reaches Loket but its answer is lost; the `thenFail` requests to `path` after it fail without reaching Loket. */
  loseAnswer(path: string, thenFail: number): void;
  /** The next request whose path contains `path` reaches Loket, but its answer never comes: the connection stays open and silent (a link that carries nothing while the phone says it is online). */
  holdAnswer(path: string): void;
  /** How many requests whose path contains `path` came in (lost and failed ones included). */
  count(path: string): number;
  close(): Promise<void>;
}

/**
 * The connection drops while the answer comes in. (Closed before any byte of it, Chromium would
 * quietly send the request again on a new connection, as it does for a reused keep-alive one.)
 */
function cut(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  res.write("{", () => res.destroy());
}

export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const up = new URL(target);
  let lose: { path: string; thenFail: number; lost: boolean } | undefined;
  let hold: string | undefined;
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    seen.push(path);
    const held = hold !== undefined && path.includes(hold);
    if (held) hold = undefined;
    const rule = lose && path.includes(lose.path) ? lose : undefined;
    if (rule?.lost) {
      if (--rule.thenFail <= 0) lose = undefined;
      req.resume();
      cut(res);
      return;
    }
    const forward = request({ host: up.hostname, port: up.port, method: req.method, path, headers: req.headers }, (answer: IncomingMessage) => {
      if (held) {
        answer.resume();
        return;
      }
      if (rule) {
        rule.lost = true;
        if (rule.thenFail <= 0) lose = undefined;
        answer.resume();
        answer.on("end", () => cut(res));
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => req.socket.destroy());
    req.pipe(forward);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  return {
    url: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`,
    loseAnswer(path, thenFail) {
      lose = { path, thenFail, lost: false };
    },
    holdAnswer(path) {
      hold = path;
    },
    count: (path) => seen.filter((p) => p.includes(path)).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
