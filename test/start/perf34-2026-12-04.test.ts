import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectCopy } from "../support/project-copy.js";
import { startLoketProcess } from "../support/process.js";

/**
 * Held-out acceptance of perf34 (2026-12-04), the first `npm start` under 1 s: once dist/ is up
 * to date, `npm start` (scripts/start.mjs) and the stale-build warning of dist/main.js tell so
 * from the files' sizes and times, without reading src/ (144 files, 2.3 MB, hashed at every start
 * before); a change of content is still built, whatever the file's times say. A copy of the
 * project whose node_modules links to the real packages (test/support/project-copy.ts), started with a
 * preload that writes down every file of src/ the process reads.
 */
describe("npm start's freshness check of dist/", () => {
  const repo = process.cwd();
  let dir: string;
  let trace: string;
  beforeAll(() => {
    dir = projectCopy("perf34", repo);
    // src/ copied just now: its files' times are older than a build's stamp only after a moment.
    const old = new Date(Date.now() - 60_000);
    const age = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) age(join(d, e.name));
        else utimesSync(join(d, e.name), old, old);
      }
    };
    age(join(dir, "src"));
    trace = join(dir, "src-reads.txt");
    writeFileSync(
      join(dir, "reads.cjs"),
      `const fs = require("node:fs");
const src = ${JSON.stringify(join(dir, "src") + "/")};
const note = (p) => { if (String(p).startsWith(src)) fs.appendFileSync(${JSON.stringify(trace)}, String(p) + "\\n"); };
for (const k of ["readFileSync", "openSync", "readFile", "open"]) { const f = fs[k]; fs[k] = function (p, ...a) { note(p); return f.call(this, p, ...a); }; }
const pr = fs.promises; for (const k of ["readFile", "open"]) { const f = pr[k]; pr[k] = function (p, ...a) { note(p); return f.call(this, p, ...a); }; }
require("node:module").syncBuiltinESMExports();
`,
    );
    // A file's change time cannot be set: it is now for every copied file. The check trusts a
    // file's times only once they are 2 s old (a file system that keeps times to the second or
    // two could show a change made within that moment with the times already recorded).
    return new Promise((r) => setTimeout(r, 2_500));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = async () => {
    rmSync(trace, { force: true });
    const l = await startLoketProcess({ DATA_DIR: join(dir, "data"), NODE_OPTIONS: `--require ${join(dir, "reads.cjs")}` }, undefined, ["scripts/start.mjs"], dir);
    // The stale-build check of dist/main.js runs just after ready: give it a moment.
    await new Promise((r) => setTimeout(r, 1_500));
    await l.kill();
    return { out: l.output(), reads: readFileSync(trace, { encoding: "utf8", flag: "a+" }).split("\n").filter(Boolean) };
  };
  const compiled = (out: string) => /compiled src\/ to dist\//.test(out);

  it("builds at the first start, then starts without reading src/", async () => {
    const first = await start();
    expect(compiled(first.out)).toBe(true);
    const again = await start();
    expect(compiled(again.out)).toBe(false);
    expect(again.reads).toEqual([]);
    expect(again.out).not.toMatch(/dist\/ was built from other sources/);
  }, 180_000);

  it("builds again when a file's content changes, even with its size and times put back", async () => {
    const file = join(dir, "src/text/comments.ts");
    // The same length: one letter of a comment changed.
    const from = "a note for whoever edits";
    const to = "a note for whoever edit.";
    const before = statSync(file);
    const text = readFileSync(file, "utf8");
    const changed = text.replace(from, to);
    expect(changed).not.toBe(text);
    expect(changed.length).toBe(text.length);
    writeFileSync(file, changed);
    utimesSync(file, before.atime, before.mtime);
    const after = await start();
    expect(compiled(after.out)).toBe(true);
    expect(readFileSync(join(dir, "dist/text/comments.js"), "utf8")).toContain(to);
    writeFileSync(file, text);
    utimesSync(file, before.atime, before.mtime);
    expect(compiled((await start()).out)).toBe(true);
  }, 180_000);

  it("a file touched (new times, same content) is not built again, and the start after reads no src/ again", async () => {
    const file = join(dir, "src/config.ts");
    const t = new Date(Date.now() - 30_000);
    utimesSync(file, t, t);
    // Its change time is now: trusted after 2 s.
    await new Promise((r) => setTimeout(r, 2_500));
    const touched = await start();
    expect(compiled(touched.out)).toBe(false);
    const next = await start();
    expect(compiled(next.out)).toBe(false);
    expect(next.reads).toEqual([]);
  }, 180_000);
});
