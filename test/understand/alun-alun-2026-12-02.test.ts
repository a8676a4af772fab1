// "alun-alun" (the town square, the MPP's landmark in Rembang) was read as "belum belum": "alun"
// is Minang for "belum" in the spelling list, and each half of the doubled word took that reading.
// A word written twice in a row is now read as typed. fresh34's helper found it; these failed at aabe798.
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createUnderstander } from "../../src/engine/understand/index.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);
const read = (t: string) => {
  const r = u.understand(t);
  return `${r.intent}/${r.permit ?? null}/${r.aspect ?? null}`;
};

describe("a doubled word is the word as typed, not the spelling list's reading", () => {
  it.each([
    ["mpp yg di alun-alun itu ya?", "office_info/null/address"],
    ["kantornya di depan alun-alun ya?", "office_info/null/address"],
    ["MPP yang di alun alun kan pak?", "office_info/null/address"],
  ])("%s asks where the office is", (t, want) => expect(read(t)).toBe(want));

  it("the one word keeps its regional reading ('alun kalua': not out yet)", () => {
    expect(u.understand("sip bidan ambo kok alun kalua, lah sabulan").intent).toBe("check_status");
  });

  it("the landmark with another subject is not the office's address", () => {
    expect(read("Could you recommend a good hotel near alun-alun Rembang?")).toBe("out_of_scope/null/null");
    expect(read("pasang videotron di depan alun-alun, izinnya apa")).toBe("ask/izin-reklame/general");
  });

  it("a letter spelled twice is still a spelled name ('es pe pe el' is SPPL)", () => {
    expect(u.understand("es pe pe el untuk usaha bengkel motor itu syaratnya apa saja").permit).toBe("sppl");
  });
});
