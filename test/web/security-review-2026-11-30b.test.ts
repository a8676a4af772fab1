import { connect } from "node:net";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createHttp } from "../../src/http.js";
import { createLogger } from "../../src/log.js";

const quiet = () => createLogger({ destination: new Writable({ write: (_c, _e, done) => done() }), pretty: false });

describe("HTTP: a client that stops sending its body does not hold the connection forever", () => {
  it("the server has an idle timeout and a request timeout (Fastify's defaults switched Node's off)", async () => {
    const { app } = await createHttp({ logger: quiet() });
    // Longer than the 25 s event-stream heartbeat, so an open chat or console stays connected.
    expect(app.server.timeout).toBeGreaterThanOrEqual(30_000);
    expect(app.server.requestTimeout).toBeGreaterThan(0);
    await app.close();
  });

  it("a body that stops arriving is cut when the connection has been idle that long", async () => {
    const { app } = await createHttp({ logger: quiet(), idleTimeoutMs: 300 });
    app.post("/echo", async (req) => req.body);
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = (app.server.address() as { port: number }).port;
    const socket = connect(port, "127.0.0.1");
    const closed = new Promise<number>((resolve) => socket.on("close", () => resolve(Date.now())));
    socket.on("error", () => undefined);
    const start = Date.now();
    socket.write(`POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"a":`);
    const at = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 3000))]);
    socket.destroy();
    await app.close();
    expect(at).toBeGreaterThan(0);
    expect(at - start).toBeLessThan(3000);
  });
});
