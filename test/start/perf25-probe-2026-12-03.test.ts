import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";

/**
 * Probe of perf25 (2026-12-03, issue #9), written after the change and not tuned on: the stems kept
 * beside the knowledge and flows/ and messages/ read once, in cases the held-out set does not try.
 */
describe("perf25 probe: kept stems and one read of the texts", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-perf25p-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => {
    await chmod(join(dir, "data", "cache"), 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  async function start(look?: (l: Loket) => void | Promise<void>): Promise<void> {
    const logger = pino({ level: "silent" });
    const config = loadConfig({ DATA_DIR: join(dir, "data"), KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows"), LOG_LEVEL: "info" });
    const loket = await buildLoket(config, { logger, sweepEveryMs: false, messagesDir: join(dir, "messages") });
    try {
      await look?.(loket);
    } finally {
      await loket.close();
    }
  }
  const stems = async () => (await readdir(join(dir, "data", "cache")).catch(() => [] as string[])).filter((f) => /^stems-/.test(f));

  it("P1: a permit's new keyword after a good start is understood at the restart, and only its stems are kept", async () => {
    await start();
    await vi.waitFor(async () => expect(await stems()).toHaveLength(1));
    const [old] = await stems();
    const f = join(dir, "knowledge", "permits", "sppl.md");
    await writeFile(f, (await readFile(f, "utf8")).replace("keywords:\n", "keywords:\n  - pengolahan limbah kecil\n"));
    let permit: string | null | undefined;
    await start((l) => void (permit = l.understander.understand("syarat pengolahan limbah kecil apa").permit));
    expect(permit).toBe("sppl");
    await vi.waitFor(async () => expect(await stems()).toHaveLength(1));
    expect((await stems())[0]).not.toBe(old);
  });

  it("P2: a cache folder Loket cannot write to: it starts twice and understands alike", async () => {
    await mkdir(join(dir, "data", "cache"), { recursive: true });
    await chmod(join(dir, "data", "cache"), 0o500);
    const read: string[] = [];
    for (let i = 0; i < 2; i++) await start((l) => void read.push(JSON.stringify(l.understander.understand("biaya pbg rumah berapa"))));
    expect(read[1]).toBe(read[0]);
    expect(JSON.parse(read[0]!).permit).toBe("pbg");
  });

  it("P3: the flows folder gone after a good start is refused naming the folder, as before", async () => {
    await start();
    await rm(join(dir, "flows"), { recursive: true });
    await expect(start()).rejects.toThrow(/flows/);
  });

  it("P4: a reload of a broken messages file is refused as a whole with file:line; the version in use stays", async () => {
    await start(async (l) => {
      const before = l.knowledgeVersion();
      const f = join(dir, "messages", "id", "answers.yaml");
      await writeFile(f, (await readFile(f, "utf8")) + "\n  broken: [unclosed\n");
      const answer = await l.reloadKnowledge("probe");
      const mine = answer.instances[0]!;
      expect(mine.ok).toBe(false);
      expect(mine.problems.some((p) => /messages\/id\/answers\.yaml$/.test(p.file) && p.line > 1)).toBe(true);
      expect(l.knowledgeVersion()).toBe(before);
    });
  });
});
