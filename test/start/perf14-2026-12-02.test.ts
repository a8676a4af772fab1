import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectCopy } from "../support/project-copy.js";
import { startLoketProcess } from "../support/process.js";

/**
 * Held-out acceptance of perf14 (2026-12-02), start-up on a slower machine: what an operator
 * expects of `npm start` once the packages every start imports come from dist/ (bundled by the
 * build) instead of ~450 files of node_modules. A copy of the project whose node_modules holds
 * links to the real packages and its own copy of npm's record of them (.package-lock.json).
 */
describe("npm start with the packages it always imports bundled in dist/", () => {
  const repo = process.cwd();
  let dir: string;
  let trace: string;
  beforeAll(() => {
    dir = projectCopy("perf14", repo);
    // Every module Loket's process resolves through the ESM loader, written to a file (a loader hook).
    trace = join(dir, "resolved.txt");
    writeFileSync(join(dir, "hooks.mjs"), `import { appendFileSync } from "node:fs";\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(trace)}, r.url + "\\n"); return r; }\n`);
    writeFileSync(join(dir, "register.mjs"), `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = (env: Record<string, string> = {}) => startLoketProcess({ DATA_DIR: join(dir, "data"), ...env }, undefined, ["scripts/start.mjs"], dir);
  const compiled = (out: string) => /compiled src\/ to dist\//.test(out);

  it("starts, serves the chat page and answers a citizen's message through the web API", async () => {
    const l = await start();
    try {
      expect((await (await fetch(`${l.base}/healthz`)).json()).ok).toBe(true);
      expect((await fetch(`${l.base}/`)).status).toBe(200);
      const c = (await (await fetch(`${l.base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
      const post = (body: unknown) =>
        fetch(`${l.base}/api/conversations/${c.conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` }, body: JSON.stringify(body) });
      const res = await post({ text: "halo" });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { replies: unknown[] }).replies.length).toBeGreaterThan(0);
      // A body the schema refuses is still refused politely (zod from the bundle).
      expect((await post({ text: 42 })).status).toBe(400);
    } finally {
      await l.kill();
    }
  }, 120_000);

  it("reads no file of Fastify, its plugins, zod or js-yaml from node_modules on the way to ready", async () => {
    rmSync(trace, { force: true });
    const l = await start({ NODE_OPTIONS: `--import ${join(dir, "register.mjs")}` });
    await l.kill();
    const urls = readFileSync(trace, "utf8").split("\n");
    expect(urls.some((u) => u.endsWith("/dist/main.js"))).toBe(true);
    expect(urls.filter((u) => /\/node_modules\/(zod|fastify|@fastify|js-yaml)\//.test(u))).toEqual([]);
  }, 120_000);

  it("builds again when the installed packages change (npm ci after an upgrade), and not otherwise", async () => {
    const again = await start();
    await again.kill();
    expect(compiled(again.output())).toBe(false);
    const lock = join(dir, "node_modules", ".package-lock.json");
    writeFileSync(lock, readFileSync(lock, "utf8").replace(/\n*$/, "\n\n"));
    const upgraded = await start();
    await upgraded.kill();
    expect(compiled(upgraded.output())).toBe(true);
  }, 120_000);

  it("a clerk's broken YAML still stops start-up, naming the file and line", async () => {
    const file = join(dir, "knowledge/office.yaml");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, `${good}\nbroken: [unclosed\n`);
    try {
      await expect(start({ DATA_DIR: join(dir, "data-broken") })).rejects.toThrow(/knowledge\/office\.yaml:\d+/);
    } finally {
      writeFileSync(file, good);
    }
  }, 120_000);

  it("a flow step the schema refuses still stops start-up, naming the file and line", async () => {
    const file = join(dir, "flows/menu.yaml");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, `${good}\nnot_a_flow_field: 1\n`);
    try {
      await expect(start({ DATA_DIR: join(dir, "data-broken2") })).rejects.toThrow(/flows\/menu\.yaml:\d+/);
    } finally {
      writeFileSync(file, good);
    }
  }, 120_000);
});
