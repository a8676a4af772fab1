// english5 (2026-12-02): a permit code the Indonesian lexicon also knows (SIPA) counts as a code when
// written in capitals; one English word with a courtesy ("human please") is English when nothing
// else is in the message. Indonesian with the same code or courtesies stays Indonesian.
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createLanguageGuess, namesOf } from "../../src/engine/understand/language.js";
import { categoryNamed, ordinalIn } from "../../src/knowledge/answer.js";

const kb = await loadKnowledge("knowledge");
const guess = createLanguageGuess(kb.language, "id", namesOf(kb));

describe("english5: the language guess", () => {
  it.each(["SIPA requirements?", "SIPA fee?", "human please", "transfer me to customer service", "PKKPR how long?"])("takes %s for English", (t) => {
    expect(guess.of(t, "id").lang).toBe("en");
  });
  it.each(["syarat SIPA apa saja?", "SIPA brp lama?", "sipa syaratnya", "sip makasih", "thank you so much", "please help me", "ok makasih", "thanks bye", "ok goodbye", "thank you, bye"])("keeps %s Indonesian", (t) => {
    expect(guess.of(t, "id").lang).toBe("id");
  });
});

describe("english5: a place in the list, a category named", () => {
  it.each([
    ["number 3 please", 3],
    ["the third one", 3],
    ["option 2", 2],
    ["#4", 4],
    ["the 5th", 5],
    ["number three", 3],
    ["yg nomer 3", 3],
    ["yang ketiga", 3],
  ] as const)("reads %s as %i", (t, n) => {
    expect(ordinalIn(t)).toBe(n);
  });
  it.each(["how long does it take?", "I need it in three days", "first time applying"])("reads no place in %s", (t) => {
    expect(ordinalIn(t)).toBeUndefined();
  });
  it.each([
    ["which health permits are there?", "health"],
    ["what environmental permits do you issue?", "environment"],
    ["which tourism permits can I get", "tourism"],
    ["izin kesehatan apa saja", "kesehatan"],
    ["izin lingkungan apa aja ya", "lingkungan"],
    ["mau bangun rumah, izin apa saja?", "bangunan"],
    ["izin usaha apa saja?", undefined],
    ["izin apa saja menurut perda", undefined],
  ] as const)("finds the category in %s", (t, c) => {
    expect(categoryNamed(kb, t)).toBe(c);
  });
});
