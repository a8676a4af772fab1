// Fastify compiles routes' JSON schemas with ajv and fast-json-stringify, which it loaded when the
// server was made; Loket's routes have no schema, and loading them took ~0.2-0.3 s of every
// start-up. They are loaded the first time a route with a schema needs them, and do the same.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import pino from "pino";
import { createHttp } from "../../src/http.js";

describe("the HTTP server's schema compilers", () => {
  it("are not loaded when the server is made and no route has a schema", () => {
    const script = `
      import { createRequire } from "node:module";
      import pino from "pino";
      import { createHttp } from "./src/http.ts";
      const { app } = await createHttp({ logger: pino({ level: "silent" }) });
      await app.ready();
      // (Fastify's error serializer needs fast-json-stringify's small lib/serializer.js: not the compiler.)
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules\\/(ajv|@fastify\\/ajv-compiler|@fastify\\/fast-json-stringify-compiler)\\/|fast-json-stringify\\/index\\.js$/.test(f));
      console.log(JSON.stringify(loaded));
      await app.close();`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual([]);
  });

  it("still validate a request body and serialise a reply by a route's schema", async () => {
    const { app } = await createHttp({ logger: pino({ level: "silent" }) });
    app.post(
      "/t",
      {
        schema: {
          body: { type: "object", required: ["n"], properties: { n: { type: "integer" } } },
          response: { 200: { type: "object", properties: { n: { type: "integer" } } } },
        },
      },
      async (req) => ({ n: (req.body as { n: number }).n, secret: "not in the schema" }),
    );
    const bad = await app.inject({ method: "POST", url: "/t", payload: { n: "x" } });
    expect(bad.statusCode).toBe(400);
    const good = await app.inject({ method: "POST", url: "/t", payload: { n: 2 } });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ n: 2 });
    await app.close();
  });
});
