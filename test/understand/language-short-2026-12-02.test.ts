// Short first messages (english4, 2026-12-02): plainly English ones switch although they have fewer
// than three English words that are not courtesies; short Indonesian ones with loanwords stay.
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createLanguageGuess, namesOf } from "../../src/engine/understand/language.js";

const kb = await loadKnowledge("knowledge");
const guess = createLanguageGuess(kb.language, "id", namesOf(kb));

describe("the language guess on short messages", () => {
  it.each([
    "What is the SPP-IRT?",
    "PBG cost?",
    "How long for SIP?",
    "Opening hours?",
    "Is NIB free?",
    "I need a PBG",
    "Apply for optician permit",
    "UKL-UPL requirements?",
    "Where is MPP?",
  ])("takes %s for English", (t) => {
    expect(guess.of(t, "id").lang).toBe("en");
  });

  it.each([
    "cara daftar online gimana",
    "apa itu NIB?",
    "info PBG dong",
    "ok makasih",
    "status permohonan saya",
    "link oss nya apa",
    "how to daftar nib min",
    // one English word, or the same twice: bumping a chat ("up") is Indonesian chat
    "up",
    "up up",
    "PBG info?",
    "NIB online?",
    "status check",
    "thanks",
    "good morning",
    "SIP dokter",
    "5 years?",
    // a word the guess knows in neither language
    "PBG cost berapa",
    "RBG-2026-000145 status?",
  ])("keeps Indonesian for %s", (t) => {
    expect(guess.of(t, "id").lang).toBe("id");
  });

  it("reads the codes from the knowledge, not from a list: a permit's capitals are no English words", () => {
    const bare = createLanguageGuess(kb.language, "id", []);
    expect(bare.of("PBG cost?", "id").lang).toBe("id");
    expect(bare.of("Opening hours?", "id").lang).toBe("en");
  });
});
