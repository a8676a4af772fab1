import { beforeAll, describe, expect, it } from "vitest";
import { createTypoIndex } from "../../src/engine/understand/fuzzy.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { unknownSettings } from "../../src/config.js";

// perf11 (#9, start-up): the typo lookup is built at its first use (or by warm(), which src/main.ts
// calls just after Loket is ready) instead of while the understander is made. Corrections must be
// the same either way.
describe("typo lookup built at first use (perf11)", () => {
  const words = ["fisioterapis", "biaya", "sertifikat", "persyaratan", "bangunan", "reklame", "apotek", "apoteker"];
  const typed = ["fisiotrapis", "biyaya", "sertipikat", "persyaratn", "bangnan", "reklme", "apotik", "apotekr", "xyzxyz", "biaya"];

  it("corrects as a warmed lookup does, without warm()", () => {
    const lazy = createTypoIndex(words);
    const warmed = createTypoIndex(words);
    warmed.warm();
    expect(typed.map((w) => lazy.correct(w))).toEqual(typed.map((w) => warmed.correct(w)));
    expect(lazy.correct("fisiotrapis")).toBe("fisioterapis");
    expect(lazy.correct("biyaya")).toBe("biaya");
    // One letter from both apotek and apoteker: ambiguous, left as typed.
    expect(lazy.correct("apotekr")).toBeUndefined();
  });

  describe("the understander", () => {
    let kb: KnowledgeBase;
    beforeAll(async () => {
      kb = await loadKnowledge("knowledge");
    });
    const messages = ["syarat sertifikat fisiotrapis apa aja", "biyaya pbg brp", "berapa lama bikin pbg?", "izin reklme gmn caranya"];
    it("understands typed words the same before and after warm()", () => {
      const cold = createUnderstander(kb);
      const warmed = createUnderstander(kb);
      warmed.warm?.();
      for (const m of messages) expect(cold.understand(m), m).toEqual(warmed.understand(m));
      expect(cold.understand("biyaya pbg brp").aspect).toBe("fee");
    });
  });
});

// unknownSettings measures distances only to names of a near length outside Loket's name spaces.
describe("unknown settings said as before (perf11)", () => {
  it("names the setting meant, and leaves other programs' variables alone", () => {
    const env = { DATADIR: "/x", WHATSAPP_ENABLE: "1", TELEGRAM_TOKEN: "1:a", PATH: "/bin", HOSTNAME: "h", LOG_LEVELS: "info", NODE_OPTIONS: "" };
    expect(unknownSettings(env)).toEqual([
      { name: "DATADIR", meant: "DATA_DIR" },
      { name: "LOG_LEVELS", meant: "LOG_LEVEL" },
      { name: "TELEGRAM_TOKEN", meant: "TELEGRAM_BOT_TOKEN" },
      { name: "WHATSAPP_ENABLE", meant: "WHATSAPP_ENABLED" },
    ]);
  });
});
