// Ordinary messages a code review found misread by cue words fitted to single held-out lines
// (each failed at 2a09896; the words were narrowed or made loanwords).
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { createLanguageGuess } from "../../src/engine/understand/language.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);
const guess = createLanguageGuess(kb.language);

describe("a review of the English and fresh11 words (2026-11-30): the language guess", () => {
  it.each([
    "step by step pengajuan pbg gimana",
    "gimana process nya, step by step",
    "check by phone bisa?",
    "sudah transfer by mobile banking, is it ok?",
    "tolong connect to staff",
  ])("keeps Indonesian for %s", (t) => {
    expect(guess.of(t, "id").lang).toBe("id");
  });
});

describe("a review of the English and fresh11 words (2026-11-30): ordinary Indonesian", () => {
  const read = (t: string) => u.understand(t);
  it.each([
    "nomor yang bisa dihubungi langsung berapa?",
    "no wa yang bisa dihubungi langsung ada?",
    "nomor kantor yang bisa dihubungi langsung apa ya",
  ])("a contact question is not a request for a person: %s", (t) => {
    expect(read(t).intent).not.toBe("talk_to_staff");
  });
  it.each([
    "antri di mpp berapa lama ya?",
    "antrinya berapa lama kalau datang jam 8",
    "saya baru dipanggil ke loket 3, dokumen apa yang harus saya bawa",
    "anak saya baru dipanggil kerja, perlu izin apa",
    "tidak nyaman kalau bawa berkas asli, boleh fotokopi saja?",
  ])("a question is not a complaint: %s", (t) => {
    expect(read(t).intent).not.toBe("complaint");
  });
  it("directions by bus are not out of scope", () => {
    expect(read("kalau mau ke mpp by bus turun di mana").intent).not.toBe("out_of_scope");
  });
  it("'layanan apa di mpp' lists services", () => {
    expect(read("layanan apa di mpp yang bisa diurus?").intent).toBe("list_permits");
  });
});
