import { rm } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { askerIn, firstLine, specialOfficeCopy, wib } from "../support/office-special.js";
import { createTestLoket, textOf } from "../support/loket.js";

/**
 * Probe for answers5 (2026-12-02b), written AFTER the fixes and run once as written: other
 * wordings of the same findings (the caveat once, days as people write them).
 */
const CAVEAT = /akan dikonfirmasi oleh petugas|belum dikonfirmasi resmi|will be confirmed by our staff|not yet officially confirmed/g;
const count = (text: string) => (text.match(CAVEAT) ?? []).length;

describe("answers5 probe 2026-12-02b", () => {
  const ask = async (...texts: string[]) => {
    const t = await createTestLoket({ now: () => wib("2027-01-19", 10) });
    try {
      let said = "";
      for (const text of texts) said = textOf(await t.say(text));
      return said;
    } finally {
      await t.close();
    }
  };
  let dir: string;
  beforeEach(async () => {
    dir = await specialOfficeCopy("loket-answers5p-");
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  const askDay = askerIn(() => dir);

  it("P1: 'biaya sip perawat berapa, trus kantor buka jam berapa?': both answered, one caveat", async () => {
    const text = await ask("biaya sip perawat berapa, trus kantor buka jam berapa?");
    expect(text).toMatch(/gratis/i);
    expect(text).toContain("08.00");
    expect(count(text)).toBe(1);
  });
  it("P2: English 'what are your opening hours?': the hours, one caveat naming the hours", async () => {
    const text = await ask("what are your opening hours?");
    expect(text).toContain("08:00");
    expect(count(text)).toBe(1);
    expect(text).toMatch(/hours are not yet officially confirmed/);
  });
  // Failed as written (4/5): "sel-kam buka?" is read out_of_scope by understanding (no hours word);
  // dayAsked reads 19 to 21 January. Left open (it.fails).
  it.fails("P3: Sunday 17 January, 'sel-kam buka?': 19 to 21 January", async () => {
    const said = firstLine(await askDay(wib("2027-01-17"), "sel-kam buka?"));
    expect(said).toContain("19 Januari");
    expect(said).toContain("21 Januari");
  });
  it("P4: Sunday 17 January, \"senin s/d jum’at buka jam brp\" (a curly apostrophe): 18 to 22 January", async () => {
    const said = firstLine(await askDay(wib("2027-01-17"), "senin s/d jum’at buka jam brp"));
    expect(said).toContain("18 Januari");
    expect(said).toContain("22 Januari");
  });
});
