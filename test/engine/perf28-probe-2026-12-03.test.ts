import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchChoiceAlso } from "../../src/domain/fields.js";
import { phraseMatcher } from "../../src/domain/phrases.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * Probe set of perf28 (2026-12-03), written after the change (phrase matchers built at their first
 * message or by warm()) and not tuned on: cases the held-out set did not look at.
 */
describe("lazily built phrase matchers, probes (perf28)", () => {
  it("a negation before the phrase still undoes it, built lazily or warmed", () => {
    const lazy = phraseMatcher(["milik sendiri", "punya/pny sendiri"], { notAfter: new Set(["bukan"]) });
    const warm = phraseMatcher(["milik sendiri", "punya/pny sendiri"], { notAfter: new Set(["bukan"]) });
    warm.warm();
    for (const [text, said] of [["bukan milik sendiri", false], ["tanah milik sendiri pak", true], ["pny sendiri", true], ["punyasendiri", true], ["bukan pny sendiri", false]] as const) {
      expect([text, lazy(text)]).toEqual([text, said]);
      expect([text, warm(text)]).toEqual([text, said]);
    }
  });

  it("a form option's other words (also:) pick it at the first answer", () => {
    const options = [
      { id: "own", label: "Milik sendiri", also: ["punya sendiri", "tanah sendiri"] },
      { id: "rent", label: "Sewa", also: ["ngontrak", "kontrak/sewa tempat"] },
    ];
    expect(matchChoiceAlso("tanahnya ngontrak pak", options)).toBe("rent");
    expect(matchChoiceAlso("bukan punya sendiri, sewa tempat", options)).toBe("rent");
    expect(matchChoiceAlso("punya sendiri", options)).toBe("own");
  });

  describe("a citizen's first message in a Loket never warmed reads as in a warmed one", () => {
    let cold: TestLoket;
    let warmed: TestLoket;
    beforeAll(async () => {
      cold = await createTestLoket();
      warmed = await createTestLoket();
      warmed.loket.warm();
    });
    afterAll(async () => {
      await cold.close();
      await warmed.close();
    });
    for (const text of ["saya orang asing cuma punya paspor", "kapan izin saya terbit?", "mau minta ditelpon aja", "data pribadi saya aman tidak?"]) {
      it(text, async () => {
        cold.conversationId = `web:probe-cold-${text}`;
        warmed.conversationId = `web:probe-warm-${text}`;
        const a = textOf(await cold.say(text));
        const b = textOf(await warmed.say(text));
        expect(a.length).toBeGreaterThan(0);
        expect(a).toBe(b);
      });
    }
  });
});
