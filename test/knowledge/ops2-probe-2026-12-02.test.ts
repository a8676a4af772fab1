import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { clerkFolders } from "../support/clerk-check.js";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";

/**
 * Probe (ops2, 2026-12-02), written after the change and not run before it was made: other
 * spellings and places of the same mistakes (an ask step's kind, a kind with no near word, a
 * permit's reviewed date, a second start from the knowledge cache).
 */
describe("a clerk's first edits, probe (ops2)", () => {
  const copy = clerkFolders("loket-ops2p-");
  const { edit, errors } = copy;

  it("p1: an ask step's 'kind: angka' quotes it and names number", async () => {
    await edit("flows/status.yaml", "    field: number\n    kind: text\n", "    field: number\n    kind: angka\n");
    const [e] = await errors();
    expect(e!.file).toBe("flows/status.yaml");
    expect(e!.message).toContain('"angka"');
    expect(e!.message).toContain('"number"');
  });
  it("p2: 'kind: dropdown' (no near word) quotes it and lists the kinds, choice among them", async () => {
    await edit("knowledge/permits/izin-reklame.md", "    kind: choice", "    kind: dropdown");
    const [e] = await errors();
    expect(e!.message).toContain('"dropdown"');
    expect(e!.message).toMatch(/choice \(one of its options\)/);
  });
  it("p3: a permit's reviewed date that does not exist is quoted, with the format", async () => {
    await edit("knowledge/permits/sppl.md", "reviewed: 2026-11-28", 'reviewed: "2026-02-30"');
    const [e] = await errors();
    expect(e!.message).toContain('"2026-02-30"');
    expect(e!.message).toContain("YYYY-MM-DD");
  });
  // Failed at its first run (4/5): "PBG" is also part of the permit's own name "(PBG)", which its
  // aliases may repeat, so writing it twice was not seen (and the log line holds \"PBG\", escaped). Passes since ops3.
  it("p4: a second start (knowledge from the cache) still says the alias written twice", async () => {
    await edit("knowledge/permits/pbg.md", "  - izin bangunan\n", "  - izin bangunan\n  - PBG\n");
    const config = loadConfig({ DATA_DIR: join(copy.dir, "data"), KNOWLEDGE_DIR: join(copy.dir, "knowledge"), FLOWS_DIR: join(copy.dir, "flows"), LOG_LEVEL: "info" });
    const said: string[] = [];
    for (let n = 0; n < 2; n++) {
      const lines: string[] = [];
      const loket = await buildLoket(config, { logger: pino({ level: "info" }, { write: (s: string) => void lines.push(s) }), sweepEveryMs: false, messagesDir: join(copy.dir, "messages") });
      await loket.close();
      said.push(lines.map((l) => (JSON.parse(l) as { msg: string }).msg).find((m) => /"PBG" is listed twice/.test(m)) ?? "");
    }
    expect(said[0]).not.toBe("");
    expect(said[1]).toBe(said[0]);
  });
});
