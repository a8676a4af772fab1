import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createStoreJournal, dropOutboxRows } from "../../src/channels/whatsapp/journal.js";
import { createOutbox } from "../../src/channels/whatsapp/outbox.js";
import type { Application } from "../../src/domain/records.js";
import { resolve } from "node:path";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { checkAnswer } from "../../src/llm/guard.js";
import { maskPersonalData } from "../../src/llm/mask.js";
import { permitPassage } from "../../src/llm/passages.js";
import { applicationsOf, indexPut } from "../../src/runtime/applications.js";
import { createMemoryStore } from "../../src/store/memory.js";
import { askingField, openFormUntil, submitForm } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * Review of the day's changes (30 November 2026), where they meet each other: choices read in the
 * citizen's words, sizes in words, dates without a year, the complaint path inside a form, the
 * masking of names and addresses for the model, the WhatsApp outbox after an erasure.
 * One `it` per defect, named after what the citizen (or office) meets.
 */
describe("day review 2026-11-30", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const DATE_TO_COME = { date: "1 Desember 2027" };
  const asking = askingField;

  /** Opens an application and answers every question validly until `field` is asked. */
  async function until(opening: string, field: string, now = () => new Date("2026-11-30T03:00:00Z")): Promise<TestLoket> {
    const loket = await createTestLoket({ now });
    t = loket;
    await openFormUntil(loket, opening, field, DATE_TO_COME);
    return loket;
  }

  const submit = (loket: TestLoket) => submitForm(loket, DATE_TO_COME);

  it("a midwife who practises 'di rumah sendiri' (her own practice) is recorded as practising in a health facility (RS)", async () => {
    const loket = await until("saya bidan mau ajukan SIP", "jenis_praktik");
    await loket.say("di rumah sendiri");
    // 'rumah sendiri' are not the words of 'rumah sakit': no option is hers by these words, or the mandiri one.
    const state = await loket.loket.store.peekState(loket.conversationId);
    const frame = state!.engine.stack.find((f) => f.flow === "apply")!;
    expect(frame.slots.jenis_praktik).not.toBe("fasyankes");
  });

  it("a land area answered 'dua ribu' (two thousand) is stored as 2 m²", async () => {
    const loket = await until("saya mau mengajukan PBG", "luas_tanah");
    await loket.say("dua ribu");
    const state = await loket.loket.store.peekState(loket.conversationId);
    const frame = state!.engine.stack.find((f) => f.flow === "apply")!;
    expect(frame.slots.luas_tanah).not.toBe("2");
  });

  it("a research start date typed without its year that has just passed ('28 November' on 30 November) is stored as next year's", async () => {
    const loket = await until("saya mau mengajukan izin penelitian", "tanggal_mulai");
    await loket.say("28 November");
    // Not silently a year later: said to be before today, asked again.
    expect(asking(loket)).toBe("tanggal_mulai");
    const state = await loket.loket.store.peekState(loket.conversationId);
    const frame = state!.engine.stack.find((f) => f.flow === "apply")!;
    expect(frame.slots.tanggal_mulai).not.toBe("2027-11-28");
  });

  it("a research title written in sentence case in complaint words ('Pengaruh penanganan keluhan …') gets the complaint channels and can never be given", async () => {
    const loket = await until("saya mau mengajukan izin penelitian", "judul_penelitian");
    const title = "Pengaruh kualitas pelayanan dan penanganan keluhan terhadap kepuasan pasien";
    const reply = await loket.say(title);
    expect(textOf(reply)).not.toContain("SP4N-LAPOR");
    expect(asking(loket)).toBe("lembaga");
    const app = await submit(loket);
    expect(app.fields.judul_penelitian).toBe(title);
  });

  it("masking a name or address the citizen gives eats the question itself ('nama saya tidak muncul di OSS', 'alamat rumah saya beda dengan KTP')", () => {
    // What the model is asked must still be the question: only the name or address goes.
    expect(maskPersonalData("Nama saya tidak muncul di OSS kenapa ya")).toContain("tidak muncul di OSS");
    expect(maskPersonalData("nama saya harus sama dengan KTP?")).toContain("harus sama dengan KTP");
    expect(maskPersonalData("alamat rumah saya beda dengan KTP, boleh?")).toContain("beda dengan KTP");
    expect(maskPersonalData("alamat saya pindah, apakah izin harus diubah?")).toContain("pindah");
    // Names and addresses are still masked.
    expect(maskPersonalData("halo nama saya Budi Santoso mau tanya syarat PBG")).toBe("halo nama saya [nama] mau tanya syarat PBG");
    expect(maskPersonalData("alamat saya Jl. Pemuda No. 12 Rembang, mau tanya syarat PBG")).toBe("alamat saya [alamat], mau tanya syarat PBG");
  });

  it("a WhatsApp batch dropped ('hapus data saya') while one of its texts is being sent is written back and its other texts still sent", async () => {
    const store = createMemoryStore();
    const chat = "6281234567890@c.us";
    const conversationId = `whatsapp:${chat}`;
    const sent: string[] = [];
    const outbox = createOutbox({
      // The erasure lands while WhatsApp Web is sending the first text.
      send: async (_chat, text) => {
        sent.push(text);
        if (sent.length === 1) await dropOutboxRows(store, { now: new Date(), conversationId });
      },
      logger: pino({ level: "silent" }),
      perSecond: 1000,
      sleep: async () => undefined,
      journal: createStoreJournal(store),
    });
    await outbox.enqueue(chat, ["satu", "dua", "tiga"], conversationId);
    await outbox.idle();
    expect(sent).toEqual(["satu"]);
    expect(await store.list("whatsapp_outbox")).toEqual([]);
    await store.close();
  });

  it("the answer checker refuses a model's answer that says a document IS required ('Tanpa KTP, permohonan tidak bisa diproses') as saying it is not", async () => {
    const kb = await loadKnowledge(resolve("knowledge"));
    const pbg = [permitPassage(kb.permit("pbg")!)];
    expect(checkAnswer("Tanpa KTP, permohonan PBG tidak bisa diproses.", pbg).ok).toBe(true);
    expect(checkAnswer("Permohonan PBG tidak dapat diproses tanpa KTP.", pbg).ok).toBe(true);
    // Still refused: the document said not to be needed.
    expect(checkAnswer("PBG bisa diajukan tanpa KTP.", pbg).ok).toBe(false);
  });

  it("the answer checker refuses a model's answer that tells the citizen to come back tomorrow ('silakan datang lagi besok') as a processing-time claim", async () => {
    const kb = await loadKnowledge(resolve("knowledge"));
    const pbg = [permitPassage(kb.permit("pbg")!)];
    expect(checkAnswer("Kantor sudah tutup hari ini; silakan datang lagi besok untuk mengajukan PBG.", pbg).ok).toBe(true);
    expect(checkAnswer("The office is closed now; please come back tomorrow to apply for the PBG.", pbg).ok).toBe(true);
    // Still refused: a processing time of a day.
    expect(checkAnswer("Berkas lengkap hari ini, besok PBG sudah jadi.", pbg).ok).toBe(false);
  });

  it("an application submitted before the index, by a citizen who submits another while the start-up indexing has not finished (or failed), is no longer found for that conversation", async () => {
    const store = createMemoryStore();
    const conversationId = "whatsapp:6281234567890@c.us";
    const at = "2026-11-01T03:00:00.000Z";
    const app = (number: string) => ({ number, conversationId, permit: "pbg", status: "received", fields: {}, documents: {}, history: [], submittedAt: at, updatedAt: at }) as unknown as Application;
    // Submitted before the upgrade: no index entry.
    await store.put("applications", "RBG-2026-000001", app("RBG-2026-000001"));
    // After the upgrade, before the backfill marked the index ready: a second one, indexed.
    const turn = await store.begin(conversationId);
    await turn.commit({ puts: [{ collection: "applications", key: "RBG-2026-000002", value: app("RBG-2026-000002") }, await indexPut(store, conversationId, "RBG-2026-000002")] });
    // Until the index is ready, readers read them all (src/runtime/applications.ts): both are this conversation's.
    expect((await applicationsOf(store, conversationId)).map((a) => a.number).sort()).toEqual(["RBG-2026-000001", "RBG-2026-000002"]);
    await store.close();
  });

  it("an answer that PBG is valid for life ('berlaku seumur hidup', 'valid for life') passes the checker, held by PBG's 'tidak ada masa berlaku tertentu … (belum terverifikasi)'", async () => {
    const kb = await loadKnowledge(resolve("knowledge"));
    const pbg = [permitPassage(kb.permit("pbg")!)];
    expect(checkAnswer("PBG berlaku seumur hidup, tidak perlu diperpanjang.", pbg).ok).toBe(false);
    expect(checkAnswer("Once issued, the PBG is valid for life.", pbg).ok).toBe(false);
  });

  it("the answer checker refuses an answer that says the citizen need not come to the office ('tidak perlu datang ke kantor untuk PBG', 'Pengajuan PBG tidak perlu antre') as saying the permit itself is not needed", async () => {
    const kb = await loadKnowledge(resolve("knowledge"));
    const pbg = [permitPassage(kb.permit("pbg")!)];
    expect(checkAnswer("Bapak/Ibu tidak perlu datang ke kantor untuk PBG.", pbg).unsupported).toEqual([]);
    expect(checkAnswer("Pengajuan PBG tidak perlu antre di kantor.", pbg).unsupported).toEqual([]);
    const nib = [permitPassage(kb.permit("nib")!)];
    expect(checkAnswer("Untuk NIB tidak perlu datang ke kantor.", nib).unsupported).toEqual([]);
    // Still refused: a document said not to be needed.
    expect(checkAnswer("Untuk PBG rumah tinggal tidak perlu KTP.", pbg).ok).toBe(false);
    expect(checkAnswer("PBG tidak perlu melampirkan KTP.", pbg).ok).toBe(false);
  });
});
