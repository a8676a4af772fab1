import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { phraseMatcher } from "../../src/domain/phrases.js";
import { createEngine } from "../../src/engine/engine.js";
import { loadFlows } from "../../src/engine/flows/load.js";
import { phraseListPaths } from "../../src/engine/flows/schema.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";
import { parseYamlLocated } from "../../src/text/yaml.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * Held-out acceptance of perf28 (2026-12-03, issue #9): the engine's ~40 phrase matchers
 * (flows/patterns.yaml's phrase lists) are not built while Loket starts, but at their first message
 * or when Loket warms itself just after it answers /healthz (as the understander's typo lookup
 * already is), and a reload builds them before the swap. What a citizen reads is the same either way.
 * Written before the change; first run on the unchanged code (6984a3e): see docs/benchmarks.md.
 */

/** A list that counts how often anything reads its entries. */
function counted(list: readonly string[]): { list: string[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy([...list], {
    get(target, key, receiver) {
      if (key === Symbol.iterator || (typeof key === "string" && /^\d+$/.test(key))) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { list: proxy, reads: () => reads };
}

const patterns = parseYamlLocated("flows/patterns.yaml", readFileSync("flows/patterns.yaml", "utf8")).value as Record<string, unknown>;
const phraseLists = phraseListPaths().map((path) => [path.join("."), (path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], patterns) as string[] | undefined) ?? []] as const);
const SAMPLES = [
  "gak tau nomornya",
  "saya WNA pak",
  "data saya aman ga?",
  "bukan milik sendiri",
  "mau refund uangnya",
  "halo masih ada orang?",
  "gatau",
  "terima kasih",
  "",
  "izin usaha",
];

describe("phrase matchers built when first asked, or warmed (perf28)", () => {
  it("a matcher reads its list at its first message, not when made, and once", () => {
    const c = counted(["gak/ga tau/tahu", "tidak punya nomor"]);
    const m = phraseMatcher(c.list);
    expect(c.reads()).toBe(0);
    expect(m("saya gak tahu")).toBe(true);
    const afterFirst = c.reads();
    expect(afterFirst).toBeGreaterThan(0);
    expect(m("tidak punya nomor hp")).toBe(true);
    expect(m("punya")).toBe(false);
    expect(c.reads()).toBe(afterFirst);
  });

  it("warm() builds it ahead, once; messages after it read the list no more", () => {
    const c = counted(["gak/ga tau/tahu"]);
    const m = phraseMatcher(c.list);
    m.warm();
    const warmed = c.reads();
    expect(warmed).toBeGreaterThan(0);
    m.warm();
    expect(m("ga tau")).toBe(true);
    expect(m("gatau")).toBe(true);
    expect(c.reads()).toBe(warmed);
  });

  it("every phrase list of flows/patterns.yaml answers alike built lazily and warmed first", () => {
    for (const [name, list] of phraseLists) {
      const lazy = phraseMatcher(list);
      const warm = phraseMatcher(list);
      warm.warm();
      const texts = [...SAMPLES, ...list.slice(0, 5).map((e) => e.replace(/\/\S*/g, ""))];
      for (const t of texts) expect([name, t, lazy(t)]).toEqual([name, t, warm(t)]);
    }
  });

  it("createEngine reads no phrase-only list until a message or its warm()", async () => {
    const [kb, flows, messages] = await Promise.all([loadKnowledge("knowledge"), loadFlows("flows"), loadMessages("messages")]);
    const foreigner = counted(flows.patterns.foreigner);
    const nikHelp = counted(flows.patterns.nik_help);
    flows.patterns.foreigner = foreigner.list;
    flows.patterns.nik_help = nikHelp.list;
    const engine = createEngine({ flows, knowledge: kb, understander: createUnderstander(kb), messages });
    expect([foreigner.reads(), nikHelp.reads()]).toEqual([0, 0]);
    engine.warm?.();
    expect(foreigner.reads()).toBeGreaterThan(0);
    expect(nikHelp.reads()).toBeGreaterThan(0);
  });
});

describe("a citizen reads the same from a warmed Loket and one that is not (perf28)", () => {
  const open: TestLoket[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  const CONVERSATION = ["halo", "mau daftar izin usaha", "gak tau nomor nik saya", "saya WNA", "data saya dipakai buat apa?", "masih ada orang?", "menu"];

  it("the same replies, turn by turn, with and without loket.warm(), and after a reload", async () => {
    const cold = await createTestLoket();
    const warmed = await createTestLoket();
    open.push(cold, warmed);
    expect(typeof warmed.loket.warm).toBe("function");
    warmed.loket.warm();
    const said: string[][] = [[], []];
    for (const text of CONVERSATION) {
      said[0]!.push(textOf(await cold.say(text)));
      said[1]!.push(textOf(await warmed.say(text)));
    }
    expect(said[1]).toEqual(said[0]);
    expect(said[0]!.every((s) => s.length > 0)).toBe(true);
    // A reload builds (and warms) a new engine: a new conversation reads what the first did.
    const r = await warmed.loket.reloadKnowledge("perf28 test");
    expect(r.instances.map((i) => i.ok)).toEqual([true]);
    warmed.conversationId = `web:perf28-after-reload`;
    const again: string[] = [];
    for (const text of CONVERSATION) again.push(textOf(await warmed.say(text)));
    expect(again).toEqual(said[0]);
  });
});
