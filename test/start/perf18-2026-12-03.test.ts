import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectCopy } from "../support/project-copy.js";
import { startLoketProcess } from "../support/process.js";

/**
 * perf18 (2026-12-03, issue #9): dist/vendor/fastify.js held ajv, fast-json-stringify and
 * light-my-request (half of its 1.4 MB, parsed by V8 at every start), which Fastify requires only
 * when a route has a JSON schema (Loket's have none) or for `app.inject`. They are now left out of
 * the bundle and required from node_modules when asked. A copy of the project as test/support/project-copy.ts
 * makes it (node_modules linked), built once.
 */
describe("Fastify's bundle without what it requires only when asked (perf18)", () => {
  const repo = process.cwd();
  let dir: string;
  beforeAll(() => {
    dir = projectCopy("perf18", repo);
    execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: dir, stdio: "ignore" });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the bundle no longer carries the schema compilers nor light-my-request", () => {
    const bundle = join(dir, "dist/vendor/fastify.js");
    const text = readFileSync(bundle, "utf8");
    expect(text).not.toContain("// node_modules/ajv/");
    expect(text).not.toContain("// node_modules/fast-json-stringify/index.js");
    expect(text).not.toContain("// node_modules/light-my-request/");
    expect(statSync(bundle).size).toBeLessThan(900_000);
  });

  it("a route given a JSON schema is still checked, and app.inject still works, with the bundled Fastify", () => {
    // The default compilers and light-my-request, required from node_modules by the bundle itself.
    const script = `
      const { default: Fastify } = await import(${JSON.stringify(join(dir, "dist/vendor/fastify.js"))});
      const app = Fastify();
      app.post("/x", { schema: { body: { type: "object", required: ["n"], properties: { n: { type: "integer" } } }, response: { 200: { type: "object", properties: { n: { type: "integer" } } } } } }, async (req) => ({ n: req.body.n, dropped: true }));
      const bad = await app.inject({ method: "POST", url: "/x", payload: { n: "many" } });
      const good = await app.inject({ method: "POST", url: "/x", payload: { n: 3 } });
      console.log(JSON.stringify({ bad: bad.statusCode, good: good.statusCode, body: good.body }));
      await app.close();`;
    const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, encoding: "utf8" })) as { bad: number; good: number; body: string };
    expect(out.bad).toBe(400);
    expect(out.good).toBe(200);
    // fast-json-stringify's serializer keeps only what the response schema lists.
    expect(JSON.parse(out.body)).toEqual({ n: 3 });
  }, 60_000);

  it("npm start still serves the chat page and answers a citizen, and broken YAML still stops it with file:line", async () => {
    const l = await startLoketProcess({ DATA_DIR: join(dir, "data") }, undefined, ["scripts/start.mjs"], dir);
    try {
      expect((await fetch(`${l.base}/`)).status).toBe(200);
      const c = (await (await fetch(`${l.base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
      const res = await fetch(`${l.base}/api/conversations/${c.conversationId}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` },
        body: JSON.stringify({ text: "syarat pbg apa saja?" }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { replies: unknown[] }).replies.length).toBeGreaterThan(0);
    } finally {
      await l.kill();
    }
    const file = join(dir, "flows/menu.yaml");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, `${good}\nnot_a_flow_field: 1\n`);
    try {
      await expect(startLoketProcess({ DATA_DIR: join(dir, "data") }, undefined, ["scripts/start.mjs"], dir)).rejects.toThrow(/flows\/menu\.yaml:\d+/);
    } finally {
      writeFileSync(file, good);
    }
  }, 180_000);
});
