import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoketProcess } from "../support/process.js";

/**
 * `npm start` (scripts/start.mjs) in a copy of the repository: compiles src/ to dist/ when dist/
 * is missing or src/ changed since it was built, and then runs the compiled Loket.
 */
describe("npm start", () => {
  let dir: string;
  const repo = process.cwd();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "loket-start-"));
    for (const f of ["package.json", "scripts/build.mjs", "scripts/start.mjs"]) cpSync(join(repo, f), join(dir, f));
    cpSync(join(repo, "src"), join(dir, "src"), { recursive: true });
    for (const d of ["node_modules", "knowledge", "flows", "messages"]) symlinkSync(join(repo, d), join(dir, d));
    mkdirSync(join(dir, "data"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = () => startLoketProcess({ DATA_DIR: join(dir, "data") }, undefined, ["scripts/start.mjs"], dir);
  const compiled = (out: string) => /compiled src\/ to dist\//.test(out);

  it("builds dist/ on the first start, not on the next, and again after src/ changed", async () => {
    const first = await start();
    try {
      expect(compiled(first.output())).toBe(true);
      expect((await (await fetch(`${first.base}/healthz`)).json()).ok).toBe(true);
      // The pages read next to their modules were copied: the web chat is served.
      expect((await fetch(`${first.base}/`)).status).toBe(200);
    } finally {
      await first.kill();
    }

    const second = await start();
    await second.kill();
    expect(compiled(second.output())).toBe(false);

    // An edited source file is compiled before Loket starts, even with a file time older than
    // the build (a release unpacked with its own times).
    const file = join(dir, "src/config.ts");
    writeFileSync(file, `${readFileSync(file, "utf8")}\nexport const EDITED_FOR_TEST = 1;\n`);
    const earlier = new Date(Date.now() - 86_400_000);
    utimesSync(file, earlier, earlier);
    const third = await start();
    await third.kill();
    expect(compiled(third.output())).toBe(true);
    expect(readFileSync(join(dir, "dist/config.js"), "utf8")).toContain("EDITED_FOR_TEST");
  }, 60_000);

  it("refuses to start on a source file that does not compile, naming the file and line", async () => {
    const file = join(dir, "src/errors.ts");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, `${good}\nexport const broken = (;\n`);
    try {
      const line = good.split("\n").length + 1;
      await expect(start()).rejects.toThrow(new RegExp(`compiling src/ to dist/ failed:[\\s\\S]*errors\\.ts:${line}:`));
    } finally {
      writeFileSync(file, good);
    }
    // Fixed again: it compiles and starts.
    const fixed = await start();
    await fixed.kill();
    expect(compiled(fixed.output())).toBe(true);
  }, 60_000);
});
