import { chmod, cp, mkdtemp, readdir, readFile, rename, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";

/**
 * Probe of perf20 (2026-12-03), written after the change to messages and flows kept between
 * starts (src/text/texts-cache.ts), not looked at before it: what else a clerk or an operator
 * does to the folders between two starts.
 */
describe("messages and flows kept between starts: probe (perf20)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-perf20p-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => {
    await chmod(join(dir, "data", "cache"), 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  async function start(look?: (l: Loket) => void, messagesDir = join(dir, "messages")): Promise<void> {
    const logger = pino({ level: "silent" });
    const config = loadConfig({ DATA_DIR: join(dir, "data"), KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows"), LOG_LEVEL: "info" });
    const loket = await buildLoket(config, { logger, sweepEveryMs: false, messagesDir });
    try {
      look?.(loket);
    } finally {
      await loket.close();
    }
  }
  const kept = async () => (await readdir(join(dir, "data", "cache"))).filter((f) => f.startsWith("texts-"));

  it("1: messages/en removed after a good start: the restarted Loket has no English from before", async () => {
    await start((l) => expect(l.messages.has("en")).toBe(true));
    await rm(join(dir, "messages", "en"), { recursive: true });
    let langs: string[] = [];
    await start((l) => {
      langs = [...l.messages.keys()];
    });
    expect(langs).toEqual(["id"]);
  });

  it("2: a file touched but not changed still reads what was kept (the digest is of bytes, not times)", async () => {
    await start();
    const [file] = await kept();
    const path = join(dir, "data", "cache", file!);
    await writeFile(path, (await readFile(path, "utf8")).replace("Biaya berbeda untuk tiap izin di {office}.", "PROBE {office}."));
    const later = new Date(Date.now() + 60_000);
    await utimes(join(dir, "messages", "id", "answers.yaml"), later, later);
    let said = "";
    await start((l) => {
      said = l.messages.get("id")!.t("answers.fee_overview.title");
    });
    expect(said).toBe("PROBE {office}.");
  });

  it("3: the same messages in another folder are read from there, and a broken one there is named by its own path", async () => {
    await start();
    await cp(join(dir, "messages"), join(dir, "messages2"), { recursive: true });
    const f = join(dir, "messages2", "id", "answers.yaml");
    await writeFile(f, (await readFile(f, "utf8")).replace('title: "Biaya berbeda untuk tiap izin di {office}."', 'title: "Biaya berbeda untuk tiap izin di {office}.'));
    await expect(start(undefined, join(dir, "messages2"))).rejects.toThrow(/messages2\/id\/answers\.yaml:\d+/);
  });

  it("4: a flow file renamed to .yml after a good start is refused as before (never served from what was kept)", async () => {
    await start();
    await rename(join(dir, "flows", "survey.yaml"), join(dir, "flows", "survey.yml"));
    let ok = true;
    await start().catch(() => {
      ok = false;
    });
    // Whatever the loader says of a .yml flow, the kept result of survey.yaml is not what decides.
    const fresh = await (async () => {
      await rm(join(dir, "data", "cache"), { recursive: true, force: true });
      return start().then(() => true, () => false);
    })();
    expect(ok).toBe(fresh);
  });

  it("5: a patterns.yaml edit after a good start gives another kept result (the old one removed)", async () => {
    await start();
    const before = await kept();
    const f = join(dir, "flows", "patterns.yaml");
    await writeFile(f, `${await readFile(f, "utf8")}\n# a clerk's note\n`);
    await start();
    const after = await kept();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });
});
