import { chmod, cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";

/** Every readFile of Loket's modules, by absolute path (node:fs/promises is otherwise the real one). */
const reads = vi.hoisted(() => ({ paths: [] as string[], on: false }));
vi.mock("node:fs/promises", async (actual) => {
  const fs = await actual<typeof import("node:fs/promises")>();
  return {
    ...fs,
    readFile: (path: Parameters<typeof fs.readFile>[0], ...rest: unknown[]) => {
      if (reads.on) reads.paths.push(String(path));
      return (fs.readFile as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
    },
  };
});

/**
 * Held-out acceptance of perf25 (2026-12-03, issue #9): start-up reads flows/ and messages/ once
 * (they were read and hashed three times: the kept texts' digest, the message check's digest and
 * the version's digest), and a restart's understander does not stem the knowledge's words again
 * (the stems are kept in DATA_DIR/cache beside the knowledge). Written before the change; first run
 * on the unchanged code (9c4b746): see docs/benchmarks.md, perf25's entry.
 */
describe("flows/ and messages/ read once; the understander's stems kept (perf25)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-perf25-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => {
    reads.on = false;
    await chmod(join(dir, "data", "cache"), 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  const config = () => loadConfig({ DATA_DIR: join(dir, "data"), KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows"), LOG_LEVEL: "info" });
  /** Builds Loket on the copy, hands it to `look`, stops it; what it logged, as JSON lines. */
  async function start(look?: (l: Loket) => void | Promise<void>): Promise<{ level: number; msg: string; file?: string; line?: number }[]> {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (s: string) => void lines.push(s) });
    const loket = await buildLoket(config(), { logger, sweepEveryMs: false, messagesDir: join(dir, "messages") });
    try {
      await look?.(loket);
    } finally {
      await loket.close();
    }
    return lines.map((l) => JSON.parse(l));
  }
  /** How often each file of flows/ and messages/ was read while `run` ran (and the comment check after it). */
  async function readsOfTexts(run: () => Promise<unknown>): Promise<Map<string, number>> {
    reads.paths.length = 0;
    reads.on = true;
    try {
      await run();
      // The comment check runs beside start-up, not waited for: its reads count too.
      await new Promise((r) => setTimeout(r, 400));
    } finally {
      reads.on = false;
    }
    const out = new Map<string, number>();
    for (const p of reads.paths) {
      const abs = resolve(p);
      if (abs.startsWith(join(dir, "flows") + sep) || abs.startsWith(join(dir, "messages") + sep)) out.set(abs, (out.get(abs) ?? 0) + 1);
    }
    return out;
  }
  const cacheFiles = async (re: RegExp) => (await readdir(join(dir, "data", "cache")).catch(() => [] as string[])).filter((f) => re.test(f));
  const MESSAGES = ["berapa lama bikin pbg?", "persyaratannya izin apotek apa saja", "biaya pendaftaran sertifikat produksi pangan", "mau mengurus perizinan berusaha laboratorium", "kapan kantornya buka", "syarat sip perawat gmn"];
  const understood = (l: Loket) => MESSAGES.map((m) => JSON.stringify(l.understander.understand(m)));

  it("1: a restart reads each file of flows/ and messages/ once", async () => {
    await start();
    const counts = await readsOfTexts(() => start());
    expect(counts.size).toBeGreaterThan(10);
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
  });

  it("2: a first start (nothing kept yet) reads each file of flows/ and messages/ once", async () => {
    const counts = await readsOfTexts(() => start());
    expect(counts.size).toBeGreaterThan(10);
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
  });

  it("3: a reload reads each file of flows/ and messages/ once, and takes an edit", async () => {
    await start(async (l) => {
      const f = join(dir, "messages", "id", "answers.yaml");
      await writeFile(f, (await readFile(f, "utf8")).replace('title: "Biaya berbeda untuk tiap izin di {office}."', 'title: "Biaya tiap izin berbeda di {office}."'));
      let ok = false;
      const counts = await readsOfTexts(async () => {
        ok = (await l.reloadKnowledge("test")).instances.every((i) => i.ok);
      });
      expect(ok).toBe(true);
      expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
      expect(l.messages.get("id")!.t("answers.fee_overview.title")).toBe("Biaya tiap izin berbeda di {office}.");
    });
  });

  it("4: a first start keeps the understander's stems in DATA_DIR/cache, and a restart uses them", async () => {
    let first: string[] = [];
    await start((l) => void (first = understood(l)));
    await vi.waitFor(async () => expect(await cacheFiles(/^stems-[0-9a-f]{32}\.json$/)).toHaveLength(1));
    let again: string[] = [];
    await start((l) => void (again = understood(l)));
    expect(again).toEqual(first);
    // What was kept is what the restart reads: every stem changed, the same messages read otherwise.
    const [file] = await cacheFiles(/^stems-[0-9a-f]{32}\.json$/);
    const path = join(dir, "data", "cache", file!);
    const kept = JSON.parse(await readFile(path, "utf8")) as { stems: [string, string][] };
    expect(kept.stems.length).toBeGreaterThan(100);
    await writeFile(path, JSON.stringify({ stems: kept.stems.map(([w]) => [w, "zzzz"]) }));
    let tampered: string[] = [];
    await start((l) => void (tampered = understood(l)));
    expect(tampered).not.toEqual(first);
  });

  it("5: a damaged kept file (stems, texts, message check) is ignored: Loket starts and reads as on a first start", async () => {
    let first: string[] = [];
    await start((l) => void (first = understood(l)));
    await vi.waitFor(async () => expect(await cacheFiles(/^stems-/)).toHaveLength(1));
    for (const damage of ["{ not json", "{}", '{"stems":[["a"]]}', '{"stems":7}']) {
      for (const f of await cacheFiles(/^(stems|texts|message-check)-/)) await writeFile(join(dir, "data", "cache", f), damage);
      let now: string[] = [];
      let title = "";
      await start((l) => {
        now = understood(l);
        title = l.messages.get("id")!.t("answers.fee_overview.title");
      });
      expect(now).toEqual(first);
      expect(title).toBe("Biaya berbeda untuk tiap izin di {office}.");
    }
  });

  it("6: a clerk's edit of knowledge/understanding.yaml after a good start is used at the restart (no stem of the old files)", async () => {
    await start();
    await vi.waitFor(async () => expect(await cacheFiles(/^stems-/)).toHaveLength(1));
    const f = join(dir, "knowledge", "understanding.yaml");
    const text = await readFile(f, "utf8");
    // A word typed in a region, put in the spelling list: read as the word it stands for.
    const at = text.search(/^spelling:\s*$/m);
    expect(at).toBeGreaterThanOrEqual(0);
    const line = text.slice(at).indexOf("\n") + at + 1;
    const indent = /^(\s+)/.exec(text.slice(line))?.[1] ?? "  ";
    await writeFile(f, `${text.slice(0, line)}${indent}sratnyaq: syarat\n${text.slice(line)}`);
    let before = "";
    let after = "";
    await start((l) => {
      before = l.understander.understand("syarat pbg").aspect ?? "";
      after = l.understander.understand("sratnyaq pbg").aspect ?? "";
    });
    expect(before).toBeTruthy();
    expect(after).toBe(before);
  });

  it("7: a version is the same at a restart with the same files, and another after a message's edit", async () => {
    let v1 = "";
    let v2 = "";
    let v3 = "";
    await start((l) => void (v1 = l.knowledgeVersion()));
    await start((l) => void (v2 = l.knowledgeVersion()));
    const f = join(dir, "messages", "id", "answers.yaml");
    await writeFile(f, (await readFile(f, "utf8")).replace('title: "Biaya berbeda untuk tiap izin di {office}."', 'title: "Biaya tiap izin berbeda di {office}."'));
    await start((l) => void (v3 = l.knowledgeVersion()));
    expect(v1).toMatch(/^[0-9a-f]{12}-[0-9a-f]{6}$/);
    expect(v2).toBe(v1);
    expect(v3.split("-")[0]).toBe(v1.split("-")[0]);
    expect(v3).not.toBe(v1);
  });
});
