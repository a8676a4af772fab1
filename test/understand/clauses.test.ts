// A backstory's words do not decide what is asked (2026-11-30, the misses left by the fresh10 set).
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createUnderstander } from "../../src/engine/understand/index.js";

const u = createUnderstander(await loadKnowledge("knowledge"));
const read = (t: string) => {
  const r = u.understand(t);
  return [r.intent, r.permit ?? null, r.aspect ?? null];
};

describe("a story before the question", () => {
  it.each([
    // The story's "selesai" and "terbit" are not a question of duration; the clause that asks says where.
    ["Kami pemilik ruko; bangunan sudah selesai dan PBG terbit 2023. Untuk permohonan SLF, apakah bisa melalui SIMBG?", "ask", "slf", "where"],
    // A permit followed by "terbit"/"keluar" is background beside another permit (background_after).
    ["PBG terbit 2023. Untuk SLF, apakah bisa melalui SIMBG?", "ask", "slf", "where"],
    ["oke, trus abis pbg keluar, slf nya ngurusnya gimana?", "ask", "slf", "procedure"],
    // Only after the permit: "penerbitan izin apotek" is still the pharmacy licence.
    ["penerbitan izin apotek berapa lama setelah sipa keluar?", "ask", "izin-apotek", "duration"],
    ["masih bisa pake imb lama?", "ask", "pbg", "validity"],
    ["urus pirt lewat oss bisa?", "ask", "spp-irt", "where"],
  ])("%s", (text, intent, permit, aspect) => {
    expect(read(text)).toEqual([intent, permit, aspect]);
  });

  it("keeps every aspect asked in a message of several questions", () => {
    const r = u.understand("syarat pbg apa aja, biayanya brp?");
    expect([r.intent, r.permit, r.aspect, r.more]).toEqual(["ask", "pbg", "requirements", ["fee"]]);
  });
});
