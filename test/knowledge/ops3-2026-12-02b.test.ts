import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { clerkFolders } from "../support/clerk-check.js";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";

/**
 * Held-out acceptance (ops3, 2026-12-02b): an alias a clerk writes again although the permit's
 * name (or another line) already holds it. Written before the change; first run on the unchanged
 * code (c465e1e): see the commit message.
 */
describe("an alias written again (ops3)", () => {
  const copy = clerkFolders("loket-ops3k-");
  const { edit, check } = copy;

  it("1: 'PBG' added again to pbg's aliases (its name holds it, line 6 has it): a warning at the new line naming line 6", async () => {
    // The line after "izin bangunan" ("PBG" stands earlier in the file too).
    const line = (await edit("knowledge/permits/pbg.md", "  - izin bangunan\n", "  - izin bangunan\n  - PBG\n", "  - izin bangunan\n  - PBG")) + 1;
    const all = await check();
    expect(all.filter((i) => !i.warning)).toEqual([]);
    const w = all.find((i) => i.warning && /"PBG"/.test(i.message));
    expect(w).toMatchObject({ file: "knowledge/permits/pbg.md", line });
    expect(w!.message).toMatch(/line 6\b/);
    expect(w!.message).toMatch(/remove one/);
  });
  it("2: 'pbg' in another spelling ('P.B.G' is not, 'pbg' is) written again: the same warning", async () => {
    const line = (await edit("knowledge/permits/pbg.md", "  - building approval\n", "  - building approval\n  - pbg\n", "  - building approval\n  - pbg")) + 1;
    const w = (await check()).find((i) => i.warning && /"pbg"/.test(i.message));
    expect(w).toMatchObject({ file: "knowledge/permits/pbg.md", line });
  });
  it("3: the permit's id written twice as an alias: a warning", async () => {
    await edit("knowledge/permits/sppl.md", "aliases:\n", "aliases:\n  - sppl\n");
    const line = 7; // the SPPL that was there, now below the new line 6
    const w = (await check()).find((i) => i.warning && /"SPPL"/.test(i.message));
    expect(w).toMatchObject({ file: "knowledge/permits/sppl.md", line });
  });
  it("4: 'PBG' added to slf's aliases: an error at slf.md naming pbg.md and its name", async () => {
    await edit("knowledge/permits/slf.md", "  - laik fungsi\n", "  - laik fungsi\n  - PBG\n", "  - PBG");
    const errors = (await check()).filter((i) => !i.warning);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.file).toBe("knowledge/permits/slf.md");
    expect(errors[0]!.message).toContain("knowledge/permits/pbg.md:");
  });
  it("5: an alias claimed by two other permits (nib's and slf's 'izin bangunan'): one error, both file:line", async () => {
    await edit("knowledge/permits/slf.md", "  - laik fungsi\n", "  - laik fungsi\n  - izin bangunan\n", "  - izin bangunan");
    const errors = (await check()).filter((i) => !i.warning);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/pbg\.md:\d+/);
    expect(errors[0]!.message).toMatch(/slf\.md:\d+/);
  });
  it("6: start-up says 'PBG' written twice, and a second start (knowledge from its cache) says it again", async () => {
    await edit("knowledge/permits/pbg.md", "  - izin bangunan\n", "  - izin bangunan\n  - PBG\n", "  - PBG");
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
  it("7: the shipped knowledge stays without warnings (aliases repeating a part of the name, like 'PBG', are fine once)", async () => {
    expect((await check()).filter((i) => /listed twice/.test(i.message))).toEqual([]);
  });
});
