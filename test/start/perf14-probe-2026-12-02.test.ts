import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoketProcess } from "../support/process.js";

/** perf14's probe (written after the change): the container's build, a lost dist/vendor/, LangChain's zod, versions. */
describe("dist/vendor/ (probe)", () => {
  const repo = process.cwd();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "loket-perf14p-"));
    for (const f of ["package.json", "scripts/build.mjs", "scripts/start.mjs"]) cpSync(join(repo, f), join(dir, f));
    cpSync(join(repo, "src"), join(dir, "src"), { recursive: true });
    for (const d of ["node_modules", "knowledge", "flows", "messages"]) symlinkSync(join(repo, d), join(dir, d));
    mkdirSync(join(dir, "data"));
    expect(spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: dir, encoding: "utf8" }).status).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the container's way (npm run build, then node dist/main.js) starts on the bundles", async () => {
    const l = await startLoketProcess({ DATA_DIR: join(dir, "data") }, undefined, ["dist/main.js"], dir);
    try {
      expect((await (await fetch(`${l.base}/healthz`)).json()).ok).toBe(true);
      expect((await fetch(`${l.base}/staff`)).status).toBe(200);
    } finally {
      await l.kill();
    }
  }, 120_000);

  it("the LangChain code keeps the installed zod; the rest imports the bundle", () => {
    expect(readFileSync(join(dir, "dist/llm/langchain.js"), "utf8")).toMatch(/from "zod"/);
    expect(readFileSync(join(dir, "dist/config.js"), "utf8")).toMatch(/from "\.\/vendor\/zod\.js"/);
    expect(readFileSync(join(dir, "dist/channels/web/routes.js"), "utf8")).toMatch(/from "\.\.\/\.\.\/vendor\/zod\.js"/);
  });

  it("the bundled Fastify is the installed version", async () => {
    // Fastify says its version on an instance (app.version), not on the function.
    const bundled = (await import(pathToFileURL(join(dir, "dist/vendor/fastify.js")).href)) as { default: () => { version: string; close(): Promise<void> } };
    const app = bundled.default();
    const installed = JSON.parse(readFileSync(join(repo, "node_modules/fastify/package.json"), "utf8")) as { version: string };
    expect(app.version).toBe(installed.version);
    await app.close();
  });

  it("a source edit compiles src/ again without bundling the packages again", async () => {
    const before = statSync(join(dir, "dist/vendor/zod.js")).mtimeMs;
    const file = join(dir, "src/errors.ts");
    writeFileSync(file, `${readFileSync(file, "utf8")}\nexport const PROBE_EDIT = 1;\n`);
    const l = await startLoketProcess({ DATA_DIR: join(dir, "data") }, undefined, ["scripts/start.mjs"], dir);
    await l.kill();
    expect(l.output()).toMatch(/compiled src\/ to dist\//);
    expect(readFileSync(join(dir, "dist/errors.js"), "utf8")).toContain("PROBE_EDIT");
    expect(statSync(join(dir, "dist/vendor/zod.js")).mtimeMs).toBe(before);
  }, 120_000);

  it("dist/vendor/ deleted by hand: npm start bundles it again and starts", async () => {
    rmSync(join(dir, "dist/vendor"), { recursive: true, force: true });
    const l = await startLoketProcess({ DATA_DIR: join(dir, "data") }, undefined, ["scripts/start.mjs"], dir);
    try {
      expect(l.output()).toMatch(/compiled src\/ to dist\//);
      expect((await (await fetch(`${l.base}/healthz`)).json()).ok).toBe(true);
    } finally {
      await l.kill();
    }
  }, 120_000);
});
