import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";

/** perf15's probe (2026-12-02), written after the change: the kept message check in other edits. */
describe("the kept message check, probe (perf15)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-perf15p-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function start(): Promise<{ level: number; msg: string; file?: string; line?: number }[]> {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (s: string) => void lines.push(s) });
    const config = loadConfig({ DATA_DIR: join(dir, "data"), KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows"), LOG_LEVEL: "info" });
    const loket = await buildLoket(config, { logger, sweepEveryMs: false, messagesDir: join(dir, "messages") });
    await loket.close();
    return lines.map((l) => JSON.parse(l));
  }
  const kept = async () => (await readdir(join(dir, "data", "cache")).catch(() => [] as string[])).filter((f) => f.startsWith("message-check-"));

  it("P1: an English message given an unknown {placeholder} after a good start is refused with its file and line", async () => {
    await start();
    const f = join(dir, "messages", "en", "answers.yaml");
    const text = await readFile(f, "utf8");
    expect(text).toContain("{names}");
    const next = text.replace("{names}", "{nama_izin}");
    await writeFile(f, next);
    const line = next.slice(0, next.indexOf("{nama_izin}")).split("\n").length;
    await expect(start()).rejects.toThrow(new RegExp(`messages/en/answers\\.yaml:${line}\\b[^\\n]*nama_izin`));
  });

  it("P2: a new messages file with a key Loket does not use, added after a good start, is said at the next start", async () => {
    await start();
    await writeFile(join(dir, "messages", "id", "tambahan.yaml"), 'kunci_baru:\n  sapaan: "Halo Bapak/Ibu"\n');
    const said = await start();
    expect(said.some((l) => l.level === 40 && /kunci_baru\.sapaan/.test(l.msg) && /tambahan\.yaml$/.test(l.file ?? ""))).toBe(true);
  });

  it("P3: the cache folder removed between starts: Loket starts and keeps the result again", async () => {
    await start();
    await rm(join(dir, "data", "cache"), { recursive: true, force: true });
    await start();
    expect(await kept()).toHaveLength(1);
  });

  it("P4: a kept result that refuses something (written by hand) is not trusted: checked again, Loket starts", async () => {
    await start();
    const [file] = await kept();
    await writeFile(join(dir, "data", "cache", file!), JSON.stringify({ issues: [{ file: "messages/id/x.yaml", line: 1, message: "hand-made error" }] }));
    const said = await start();
    expect(said.some((l) => /hand-made error/.test(l.msg))).toBe(false);
  });

  it("P5: a flow other than apply.yaml changed after a good start is checked again", async () => {
    await start();
    const flows = (await readdir(join(dir, "flows"))).filter((f) => f.endsWith(".yaml"));
    let changed = false;
    for (const f of flows) {
      const text = await readFile(join(dir, "flows", f), "utf8");
      const m = /(text|prompt): ([a-z_]+\.[a-z_.]+)\n/.exec(text);
      if (!m || f === "apply.yaml") continue;
      await writeFile(join(dir, "flows", f), text.replace(m[0], `${m[1]}: ${m[2]}_hilang\n`));
      changed = true;
      break;
    }
    expect(changed).toBe(true);
    await mkdir(join(dir, "data"), { recursive: true });
    await expect(start()).rejects.toThrow(/_hilang/);
  });
});
