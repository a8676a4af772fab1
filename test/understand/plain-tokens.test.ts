// The knowledge check and the understander's index share their readings of names and cue words
// (plainTokens): sharing must read every text exactly as a fresh normaliser does, and an
// understander built on a loaded knowledge base (readings shared with the check) must understand
// exactly as one built on a copy of it (every reading its own).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createNormaliser, createUnderstander } from "../../src/engine/understand/index.js";
import { plainTokens } from "../../src/engine/understand/normalise.js";
import { parseExamples } from "../../src/engine/understand/evaluate.js";

const kb = await loadKnowledge("knowledge");
const lang = kb.language!;

/** Every name, alias, keyword and cue word of the shipped knowledge, with "*" as written. */
const texts = [
  ...kb.permits.flatMap((p) => [p.name, p.id.replace(/-/g, " "), ...p.aliases, ...p.keywords]),
  ...kb.referrals.flatMap((r) => [r.name, ...r.aliases]),
  ...[lang.intents, lang.aspects, lang.office].flatMap((g) => Object.values(g).flatMap((cues) => Object.keys(cues ?? {}))),
].flatMap((t) => [t, ...t.split("*"), t.replace(/\*/g, " ")]);

describe("plainTokens", () => {
  it("reads every name and cue word as a fresh normaliser does without typo correction", () => {
    const fresh = createNormaliser(lang);
    const plain = plainTokens(lang);
    expect(texts.length).toBeGreaterThan(2000);
    for (const t of texts) expect(plain(t), t).toEqual(fresh.tokens(t, { correct: false }));
  });

  it("reads a text once per language object, and another language object afresh", () => {
    const plain = plainTokens(lang);
    expect(plainTokens(lang)).toBe(plain);
    expect(plain("izin usaha mikro")).toBe(plain("izin usaha mikro"));
    const copy = structuredClone(lang);
    copy.spelling = { ...copy.spelling, mikro: "kecil" };
    expect(plainTokens(copy)("izin usaha mikro").map((t) => t.surface)).toEqual(["izin", "usaha", "kecil"]);
    expect(plain("izin usaha mikro").map((t) => t.surface)).toEqual(["izin", "usaha", "mikro"]);
  });

  it("leaves the understander as it was: one built on the loaded knowledge understands as one built on a copy", () => {
    const shared = createUnderstander(kb);
    const own = createUnderstander({ ...kb, ...structuredClone({ permits: kb.permits, referrals: kb.referrals, office: kb.office, language: kb.language }) });
    const messages = parseExamples(["holdout", "fresh31-2026-12-01", "fresh32-2026-12-01"].map((f) => readFileSync(`test/understand/${f}.jsonl`, "utf8")).join("\n")).map((e) => e.text);
    expect(messages.length).toBeGreaterThan(100);
    for (const m of messages) expect(shared.understand(m), m).toEqual(own.understand(m));
  });
});
