import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOffice, answerPermit, listedPermitIds, listPermits, ordinalIn, requirementAsked, requirementNote } from "../../src/knowledge/answer.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/** Every permit, asked the way citizens ask, through the whole runtime. */
describe("answers for every permit", () => {
  let t: TestLoket;
  beforeAll(async () => {
    t = await createTestLoket();
  });
  afterAll(async () => t.close());

  it("lists each permit's documents when asked for its requirements, and cites its source: the office and the review date, not a file path", async () => {
    for (const p of t.loket.knowledge.permits) {
      const conv = `web:req-${p.id}`;
      const reply = textOf(await t.loket.runtime.handle({ channel: "web", conversationId: conv, text: `syarat ${p.aliases[0] ?? p.name} apa aja?` }));
      const kinds = [...new Set(p.requirements.flatMap((r) => r.accept))];
      for (const r of p.requirements) {
        expect(reply, `${p.id}: ${r.name}`).toContain(r.name);
        // The intro names the accepted kinds; a line repeats them only where fewer are accepted.
        const line = reply.split("\n").find((l) => l.includes(r.name))!;
        const narrower = kinds.some((k) => !r.accept.includes(k));
        expect(line.includes(`hanya ${r.accept.map((k) => k.toUpperCase()).join("/")}`), `${p.id}: ${line}`).toBe(narrower);
      }
      expect(reply).toContain(`Sumber: ${t.loket.knowledge.office.shortName}, ditinjau`);
      expect(reply).not.toContain(p.source);
      if (p.needsConfirmation) expect(reply).toMatch(/akan dikonfirmasi oleh petugas/);
    }
  });

  it("gives each permit's fee when asked for the fee, not the whole file", async () => {
    for (const p of t.loket.knowledge.permits) {
      const conv = `web:fee-${p.id}`;
      const reply = textOf(await t.loket.runtime.handle({ channel: "web", conversationId: conv, text: `biaya ${p.aliases[0] ?? p.name} berapa?` }));
      expect(reply, p.id).toContain(p.fee.text.split("\n")[0]!.slice(0, 40));
      if (p.requirements.length > 1) expect(reply, p.id).not.toContain(p.requirements[1]!.name);
    }
  });

  it("composes every aspect of every permit with its source", () => {
    const m = t.loket.messages.get("id")!;
    for (const p of t.loket.knowledge.permits) {
      for (const aspect of ["requirements", "fee", "duration", "procedure", "validity", "where", "legal", "general"] as const) {
        const a = answerPermit(t.loket.knowledge, m, p.id, aspect);
        expect(a).toContain(`Sumber: ${t.loket.knowledge.office.shortName}, ditinjau`);
        expect(a).not.toMatch(/\{\w+\}/); // no unfilled placeholder
      }
      // Where to file: the file's own note, and the generic "you file it yourself" only without one.
      const where = answerPermit(t.loket.knowledge, m, p.id, "where");
      if (p.submission.note) expect(where, p.id).toContain(p.submission.note);
      expect(where.includes(m.t("answers.where.loket_guides")), p.id).toBe(!p.submission.loketCanApply && !p.submission.note);
      expect(where.includes(m.t("answers.where.loket_can_apply")), p.id).toBe(p.submission.loketCanApply);
    }
  });

  it("says when a document depends on an answer: its note, else the question and option of its when", () => {
    const m = t.loket.messages.get("id")!;
    const kb = t.loket.knowledge;
    const skp = answerPermit(kb, m, "sip-bidan", "requirements").split("\n");
    const at = skp.findIndex((l) => l.includes("Surat pernyataan kecukupan SKP"));
    expect(skp[at]).not.toContain("opsional"); // required for a renewal
    expect(skp[at + 1]).toContain("khusus perpanjangan");
    // The same document without a note: the condition in the form's own words.
    const p = kb.permit("sip-bidan")!;
    const { note: _, ...denah } = p.requirements.find((r) => r.id === "denah_peralatan")!;
    expect(requirementNote(p, denah)).toBe("Jenis praktik: Praktik mandiri");
    expect(requirementNote(p, { ...denah, when: { jenis_praktik: ["mandiri", "fasyankes"] } })).toBe("Jenis praktik: Praktik mandiri / Di fasilitas kesehatan (RS, puskesmas, klinik)");
  });

  it("refers services of other agencies kindly and answers out-of-scope messages with the menu", async () => {
    for (const [text, agency] of [
      ["mau bikin sim dmn ya", /Polres|Satlantas/i],
      ["urus akta kelahiran anak", /Disdukcapil|Dukcapil/i],
      ["perpanjang paspor dmn", /Imigrasi/i],
    ] as const) {
      expect(textOf(await t.loket.runtime.handle({ channel: "web", conversationId: `web:ref-${text}`, text })), text).toMatch(agency);
    }
    const oos = textOf(await t.loket.runtime.handle({ channel: "web", conversationId: "web:oos", text: "resep rendang yang enak gimana" }));
    // Plainly about something else: said to be outside the service (menu step off_topic), not "not understood".
    expect(oos).toMatch(/di luar layanan/);
    expect(oos).toMatch(/Ada yang bisa kami bantu/);
  });

  it("asks which permit when a question could be several, instead of guessing", async () => {
    const reply = await t.loket.runtime.handle({ channel: "web", conversationId: "web:vague", text: "izin praktik berapa lama ya" });
    const text = textOf(reply);
    expect(text).toMatch(/belum yakin|Izin apa|izin mana/);
    const choices = reply.flatMap((r) => r.choices ?? []);
    expect(choices.length).toBeGreaterThanOrEqual(2);
  });

  it("office hours say whether the office is open now, and when it opens again (a holiday named)", () => {
    const kb = t.loket.knowledge;
    const m = t.loket.messages.get("id")!;
    const at = (iso: string) => ({ now: () => new Date(iso) });
    // Friday 25 December 2026, 10:00 WIB: Christmas.
    expect(answerOffice(kb, m, "hours", at("2026-12-25T03:00:00Z"))).toContain("Hari ini kantor *tutup* (Hari Raya Natal); buka lagi *Senin, 28 Desember");
    // On a holiday, the next holiday is the one after it (today's is said above).
    expect(answerOffice(kb, m, "hours", at("2026-12-25T03:00:00Z"))).toMatch(/Libur terdekat: 1 Januari 2027 \(Tahun Baru 2027 Masehi\)/);
    // Monday 30 November 2026, 00:45 WIB: night.
    expect(answerOffice(kb, m, "hours", at("2026-11-29T17:45:00Z"))).toContain("Saat ini kantor *tutup*; buka lagi *Senin, 30 November pukul 08.00 WIB*");
    // The phrase of the next opening is remembered for the same moment only.
    expect(answerOffice(kb, m, "hours", at("2026-11-29T17:50:00Z"))).toContain("buka lagi *Senin, 30 November pukul 08.00 WIB*");
    expect(answerOffice(kb, m, "hours", at("2026-12-25T04:00:00Z"))).toContain("buka lagi *Senin, 28 Desember");
    // Monday 30 November 2026, 10:00 WIB.
    expect(answerOffice(kb, m, "hours", at("2026-11-30T03:00:00Z"))).toContain("Saat ini kantor *buka* sampai pukul 15.30 WIB.");
    // The week's lines are made once per language (answer.ts keeps them): each language its own,
    // asked in turn; the next holiday still follows the day.
    const en = t.loket.messages.get("en")!;
    for (let i = 0; i < 2; i++) {
      expect(answerOffice(kb, en, "hours", at("2026-11-30T03:00:00Z"))).toMatch(/Monday/);
      expect(answerOffice(kb, en, "hours", at("2026-11-30T03:00:00Z"))).not.toMatch(/Senin|Libur terdekat/);
      expect(answerOffice(kb, m, "hours", at("2026-11-30T03:00:00Z"))).toMatch(/Senin/);
    }
    expect(answerOffice(kb, m, "hours", at("2026-12-24T03:00:00Z"))).toMatch(/Libur terdekat: 25 Desember 2026 \(Hari Raya Natal\)/);
    expect(answerOffice(kb, m, "hours", at("2026-12-25T03:00:00Z"))).toMatch(/Libur terdekat: 1 Januari 2027/);
  });

  it("'perlu X ga?' names a listed document only when X is that document, not a word it shares with one", () => {
    const kb = t.loket.knowledge;
    const asked = (permit: string, text: string) => requirementAsked(kb.permit(permit)!, text)?.id;
    expect(asked("nib", "bikin nib perlu npwp ga kak")).toBeDefined();
    expect(asked("spp-irt", "bikin pirt harus ikut penyuluhan ya")).toBeDefined();
    expect(asked("pbg", "pbg perlu sertifikat tanah asli ga")).toBeDefined();
    // Another document that shares a word, or one alternative of "SPPL / UKL-UPL / AMDAL": no yes.
    for (const [permit, text] of [["pbg", "pbg perlu sertifikat halal ga?"], ["pbg", "bangun rumah, pbg perlu amdal ga?"], ["pbg", "urus pbg perlu rekomendasi damkar gak?"], ["nib", "nib perlu ktp suami ga?"]] as const) {
      expect(asked(permit, text), text).toBeUndefined();
    }
    // Not a question whether something is needed: no document named.
    expect(asked("nib", "npwp")).toBeUndefined();
  });

  it("a document said to be missing, a word beside a name's alternatives, and two words of a name are that document", () => {
    const kb = t.loket.knowledge;
    const asked = (permit: string, text: string) => requirementAsked(kb.permit(permit)!, text)?.id;
    expect(asked("pbg", "kalo saya gak punya sertifikat?")).toBe("bukti_tanah");
    expect(asked("slf", "kalau belum punya pbg?")).toBe("pbg");
    expect(asked("nib", "bpjs wajib?")).toBe("bpjs");
    expect(asked("izin-penelitian", "yg proposal harus bahasa indonesia?")).toBe("proposal");
    expect(asked("izin-penelitian", "kalo penelitian kelompok, ktp semua anggota harus?")).toBe("ktp");
    // One of the alternatives asked whether needed is still no yes; a plain statement names nothing.
    expect(asked("pbg", "perlu amdal ga?")).toBeUndefined();
    expect(asked("pbg", "saya punya sertifikat")).toBeUndefined();
  });

  it("the list of permits is numbered in the order a number typed after it picks", () => {
    const kb = t.loket.knowledge;
    const list = listPermits(kb, t.loket.messages.get("id")!);
    const ids = listedPermitIds(kb);
    expect(ids).toHaveLength(kb.permits.length);
    ids.forEach((id, i) => expect(list).toContain(`${i + 1}. ${kb.permit(id)!.name}`));
    for (const [text, n] of [["yg nomer 3 syaratnya apa", 3], ["yang ke-21 brp lama", 21], ["yang ketiga", 3], ["no 5", 5], ["yang pertama", 1], ["yg keempat biayanya", 4]] as const) expect(ordinalIn(text), text).toBe(n);
    for (const text of ["syarat pbg", "3 hari kerja?", "28 hari itu dihitung dari kapan?"]) expect(ordinalIn(text), text).toBeUndefined();
  });
});
