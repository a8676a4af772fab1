// und4 (2026-12-03): what und3 left in the misses (127 of 7,744). The held-out set
// und4-2026-12-03.jsonl was written before any change: 20/32 at c630506.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, parseExamples } from "../../src/engine/understand/evaluate.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);
const read = (t: string) => {
  const r = u.understand(t);
  return `${r.intent}/${r.permit ?? null}/${r.aspect ?? null}`;
};

describe("a renewal asked for, nothing asked: an application (each failed at c630506)", () => {
  it.each([
    ["es i pe a saya sudah habis mau perpanjang tolong dibantu ya", "apply/sipa/null"],
    ["mohon bantuan perpanjangan sip perawat sy bu, habis bulan depan", "apply/sip-perawat/null"],
    ["mau perpanjang izin reklame billboard sy yg di jl pantura", "apply/izin-reklame/null"],
    ["pirt sy udh habis, tolong dibantu perpanjang ya min", "apply/spp-irt/null"],
    ["minta tolong perpanjangkan sip perawat saya ya kak", "apply/sip-perawat/null"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));

  // Unchanged: a question beside the wish stays a question; another agency's renewal a referral.
  it.each([
    ["mau perpanjang sipb, skrg perlu surat kecukupan skp jg ya? atau cukup str aja", "ask/sip-bidan/requirements"],
    ["mau perpanjang sip bidan, syaratnya apa aja?", "ask/sip-bidan/requirements"],
    ["sip bidan sy mau habis, perpanjangnya gmn ya bu", "ask/sip-bidan/validity"],
  ])("%s -> %s (unchanged)", (text, want) => expect(read(text)).toBe(want));
  it("mau perpanjang sim di mana -> referral", () => expect(u.understand("mau perpanjang sim di mana").intent).toBe("referral"));
});
