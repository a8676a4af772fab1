// What the held-out set fresh36-2026-12-02.jsonl showed (long and messy messages: formal letters,
// long WhatsApp stories with the question last, a question pasted twice, forwarded chats above the
// question, Loket's earlier answer quoted, voice notes without punctuation, religious greetings and
// closings, numbered lists, a business described instead of a permit named, sizes and amounts in the
// text). First run at 4caeba5, before any fix: 96.7% intent+permit, 94.6% aspect.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, parseExamples } from "../../src/engine/understand/evaluate.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);

describe("fresh36: long and messy messages", () => {
  // fresh35's thresholds were 99% / 98%; after this round's fixes the set stands at 98.7% / 98.2%, its two
  // intent misses left: "sebelum PBG harus ada kesesuaian pemanfaatan ruang" (PKKPR asked, PBG and
  // "membangun pabrik" weigh more) and "datang ke kantor … untuk konsultasi PBG. Apakah kantor buka hari
  // Sabtu?" (the office's hours asked; the story's PBG leads, the hours come after).
  it("keeps the set at >= 98% intent+permit and >= 98% aspect (150 lines)", async () => {
    const report = await evaluate(parseExamples(readFileSync(join(__dirname, "fresh36-2026-12-02.jsonl"), "utf8")), (t) => u.understand(t));
    expect(report.total).toBe(150);
    expect(report.intentPermitAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(report.aspectAccuracy).toBeGreaterThanOrEqual(0.98);
  });
});

const read = (t: string) => {
  const r = u.understand(t);
  return `${r.intent}/${r.permit ?? null}/${r.aspect ?? null}`;
};

describe("another's words pasted above one's own: one's own say what is asked", () => {
  it.each([
    // a forward telling people to apply, then the citizen's doubt: whether PBG is needed
    ["*Diteruskan*\n[Grup RT 05] Pak RT: Bapak2 yg mau renovasi rumah tolong urus IMB/PBG dulu ya\n\nmin ini beneran? renov dapur doang juga harus pbg?", "ask/pbg/general"],
    // WhatsApp's copied lines
    ["[10.21, 2/12/2026] Pak RT: warga yg mau renovasi tolong urus PBG dulu\n[10.22, 2/12/2026] Bu Sri: siap pak\n\nmin renov dapur aja juga harus pbg?", "ask/pbg/general"],
    // "gratis" in the forward is no fee asked; the permit comes from it
    ["*Diteruskan*\nInfo grup: pengurusan PIRT gratis, hubungi DPMPTSP\n\nkalau daftar sekarang berapa lama jadinya?", "ask/spp-irt/duration"],
  ])("%s", (t, want) => expect(read(t)).toBe(want));
  it("a quoted answer gives the permit, the own words the question", () => {
    expect(read("> Retribusi PBG dihitung dari luas bangunan\nrumah saya 90 m2 kira-kira kena bayar berapa?")).toBe("ask/pbg/fee");
    expect(read("> Nomor pendaftaran Bapak/Ibu: RBG-2026-000123\nsudah sampai mana ya?")).toBe("check_status/null/null");
  });
  it("a forward alone is read whole", () => {
    expect(read("*Diteruskan*\nPak RT: warga yg mau renovasi tolong urus PBG dulu ya")).toBe("apply/pbg/null");
  });
});

describe("a line break ends a question as a comma does", () => {
  it("a numbered list is asked in its order: the first item leads, the others follow", () => {
    const r = u.understand("Mohon info PBG:\n1. berkas apa saja yang dibawa\n2. bayarnya berapa\n3. berapa lama jadinya\nTerima kasih");
    expect([r.intent, r.permit, r.aspect, ...(r.more ?? [])]).toEqual(["ask", "pbg", "requirements", "fee", "duration"]);
  });
});

describe("'waktu' as 'when' in a story is no question of how long", () => {
  it.each([
    ["Saya punya SIUP dan TDP yang terbit tahun 2012 untuk toko bangunan saya. Kemarin waktu ikut tender desa, panitia bilang harus pakai NIB. Apakah saya memang wajib ganti ke NIB?", "ask/nib/general"],
  ])("%s", (t, want) => expect(read(t)).toBe(want));
  it("'waktu' asked still asks how long", () => {
    expect(read("waktu pengurusan pbg berapa lama?")).toBe("ask/pbg/duration");
    expect(read("berapa waktu yang dibutuhkan untuk SLF?")).toBe("ask/slf/duration");
  });
});

describe("'X saja atau Y': the lesser permit is weighed, the other asked about", () => {
  it.each([
    ["Pabrik tahu kami cukup besar, produksi 1 ton kedelai per hari dan limbahnya banyak. Kami cukup SPPL saja atau harus UKL-UPL?", "ask/ukl-upl/general"],
    ["izin apotek saja atau sipa juga?", "ask/sipa/general"],
  ])("%s", (t, want) => expect(read(t)).toBe(want));
  it("one permit alone before 'saja atau' is still the one asked", () => {
    expect(read("sppl saja atau ada dokumen lain?")).toBe("ask/sppl/requirements");
  });
});

describe("what fresh36-probe showed after the fixes", () => {
  it.each([
    // a letter's "dapat" (can) for "bisa": the permits the office handles, not a wish to apply
    ["Dengan hormat, saya ingin mengetahui layanan perizinan bidang kesehatan yang dapat diajukan di DPMPTSP. Terima kasih.", "list_permits/null/null"],
    // an internship at the office, as a job there: out of scope (was read as a letter's greeting)
    ["Dengan hormat, apakah DPMPTSP menerima mahasiswa magang untuk bulan Januari? Terima kasih.", "out_of_scope/null/null"],
  ])("%s", (t, want) => expect(read(t)).toBe(want));
  it("a trainee's practice permit is still asked", () => {
    expect(read("perawat magang perlu sipp?")).toBe("ask/sip-perawat/general");
  });
});

describe("the list of permits asked first, then something of them", () => {
  it.each([
    "1. izin apa aja yg bisa diurus di sini\n2. semua bisa online?\nmakasih min",
    "izin apa aja yg bisa diurus di sini? bisa online?",
  ])("%s is the list", (t) => expect(read(t)).toBe("list_permits/null/null"));
  it("where a named permit is filed stays that", () => {
    expect(read("izin apa aja yg bisa diurus di sini? sipa bisa online?")).not.toBe("list_permits/null/null");
  });
});
