import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { INTENTS, OFFICE_ASPECTS, PERMIT_ASPECTS } from "../../src/engine/understand/types.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { checkAnswer } from "../../src/llm/guard.js";
import { createChatModelFromConfig, createLangChainModel } from "../../src/llm/langchain.js";
import { LlmMetrics } from "../../src/llm/metrics.js";
import { permitPassage } from "../../src/llm/passages.js";
import type { ClassifyOptions, LanguageModel, Passage } from "../../src/llm/port.js";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * Review of src/llm (2026-11-30): one test per defect found. The model is the real ChatOpenAI
 * against the fake OpenAI-compatible server on loopback.
 */
let fake: FakeOpenAI;
let kb: KnowledgeBase;
let catalogue: ClassifyOptions;
let m: LanguageModel;
let pbg: Passage[];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  kb = await loadKnowledge(resolve("knowledge"));
  catalogue = { intents: INTENTS, permits: kb.permits.map((p) => ({ id: p.id, name: p.name })), aspects: [...PERMIT_ASPECTS, ...OFFICE_ASPECTS] };
  const config = loadConfig({ LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseURL, LLM_MODEL: "test-model", LLM_API_KEY: "sk-test", LLM_TIMEOUT_MS: "1000" });
  m = createLangChainModel(createChatModelFromConfig(config)!, { timeoutMs: config.LLM_TIMEOUT_MS, metrics: new LlmMetrics() });
  pbg = [permitPassage(kb.permit("pbg")!)];
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

/** The digits of what the model was sent, fullwidth digits read as the model reads them. */
const sentDigits = () => fake.sentText().normalize("NFKC");

describe("llm review 2026-11-30", () => {
  it("a NIK or phone number written in fullwidth digits or with zero-width spaces reaches the model unmasked (masking runs before the fence normalises)", async () => {
    const nikWide = "３３１７０１１５０５９００００１"; // 3317011505900001, as some phone keyboards type it
    const phoneZw = "0812\u200b3456\u200b7890";
    fake.reply({ json: { intent: "ask", permit: "pbg", aspect: "general" } });
    await m.classify(`nik saya ${nikWide} hp ${phoneZw}, mau bangun rumah`, catalogue);
    const sent = sentDigits();
    expect(sent).toContain("[NIK]");
    expect(sent).toContain("[nomor HP]");
    expect(sent).not.toContain("3317011505900001");
    expect(sent).not.toContain("081234567890");
  });

  it("a citizen's name and home address ('nama saya …', 'alamat saya …') reach the model unmasked before any consent", async () => {
    for (const [text, secrets, kept] of [
      ["nama saya Budi Santoso, alamat saya Jl. Pemuda No. 12 RT 03 RW 05 Leteh, mau tanya PBG", ["Budi", "Santoso", "Pemuda", "Leteh"], "mau tanya PBG"],
      ["saya bernama siti aminah mau urus sip bidan", ["siti", "aminah"], "mau urus sip bidan"],
      ["Nama: Rahmat Hidayat. Alamat: Dusun Krajan RT 2 Desa Sumberjo; syarat nib apa?", ["Rahmat", "Hidayat", "Krajan", "Sumberjo"], "syarat nib apa?"],
    ] as const) {
      fake.reset();
      fake.reply({ json: { intent: "ask", permit: "pbg", aspect: "general" } });
      await m.classify(text, catalogue);
      const user = fake.requests[0]!.body.messages.at(-1)!.content as string;
      for (const secret of secrets) expect(user, text).not.toContain(secret);
      expect(user, text).toContain(kept);
    }
  });

  it("a phone or registration number written with parentheses, en dashes or spaced dashes reaches the model unmasked", async () => {
    for (const [written, digits, token] of [
      ["(0812) 3456-7890", "081234567890", "[nomor HP]"],
      ["+62 (812) 3456 7890", "81234567890", "[nomor HP]"],
      ["0812–3456–7890", "081234567890", "[nomor HP]"], // en dash, as phones autocorrect "-"
      ["0812 - 3456 - 7890", "081234567890", "[nomor HP]"],
      ["RBG – 2026 – 000123", "2026000123", "[nomor registrasi]"],
    ] as const) {
      fake.reset();
      fake.reply({ json: { intent: "ask", permit: "pbg", aspect: "general" } });
      await m.classify(`nomor saya ${written}, mau tanya pbg`, catalogue);
      const sent = sentDigits();
      expect(sent, written).toContain(token);
      expect(sent.replace(/\D+/g, ""), written).not.toContain(digits);
    }
  });

  it("a registration number written short ('RBG-2026-1234', which Loket reads as RBG-2026-001234) reaches the model unmasked", async () => {
    for (const written of ["RBG-2026-1234", "rbg/2026/123", "RBG 2026 12345", "RBG2026-99"]) {
      fake.reset();
      fake.reply({ json: { intent: "check_status", permit: null, aspect: null } });
      await m.classify(`tolong cek permohonan ${written} sudah sampai mana`, catalogue);
      const sent = fake.sentText();
      expect(sent, written).toContain("[nomor registrasi]");
      expect(sent, written).not.toContain(written);
    }
  });

  it("the model's answer echoing a masked token ([email], [nomor registrasi], [nomor]) reaches the citizen", async () => {
    for (const text of [
      "Baik Bapak/Ibu, data [email] sudah kami terima. PBG diajukan lewat SIMBG.",
      "Permohonan [nomor registrasi] diajukan lewat SIMBG.",
      "Nomor [nomor] Bapak/Ibu tercatat. PBG diajukan lewat SIMBG.",
    ]) {
      fake.reply({ json: { text, sources: ["knowledge/permits/pbg.md"] } });
      expect(await m.answer("email saya budi@contoh.id, pbg itu apa?", pbg), text).toEqual({ ok: false, reason: "unsupported" });
    }
  });

  it("a free-of-charge claim in other words ('tidak berbayar', 'tidak dikenai biaya', 'cuma-cuma', 'bebas retribusi') passes the checker although the passage states a fee", () => {
    const fee = [{ source: "knowledge/permits/x.md", text: "permit: Izin X (id x)\nfee: Retribusi Rp 1.500.000 per berkas." }];
    for (const answer of [
      "Izin X untuk rumah tinggal tidak berbayar.",
      "Pengurusan Izin X tidak dikenai biaya.",
      "Izin X diberikan tanpa dipungut biaya.",
      "Izin X diurus secara cuma-cuma.",
      "Bapak/Ibu tidak perlu membayar apa pun untuk Izin X.",
      "Izin X bebas retribusi.",
      "Izin X tidak dipungut retribusi.",
    ]) expect(checkAnswer(answer, fee).ok, answer).toBe(false);
  });

  it("an English answer's fee, duration or validity in words ('free of charge', 'two weeks', 'fifty thousand rupiah', 'valid for life') passes the checker", () => {
    for (const answer of [
      "The PBG is free of charge.",
      "Processing takes two weeks.",
      "It costs fifty thousand rupiah.",
      "The PBG is valid for ten years.",
    ]) expect(checkAnswer(answer, pbg).ok, answer).toBe(false);
    // A permit valid for a stated time (the clinical laboratory: 5 years). PBG's case, whose text
    // now says our data has no fixed validity, is in test/engine/day-review-2026-11-30.test.ts.
    const lab = [permitPassage(kb.permit("izin-laboratorium-klinik")!)];
    expect(checkAnswer("Once issued, the laboratory permit is valid for life.", lab).ok).toBe(false);
  });

  it("a processing time said without a number ('selesai di hari yang sama', 'besok sudah jadi', 'langsung terbit') passes the checker for a permit whose time is unknown", () => {
    // Izin klinik: "Data lama proses izin klinik di Rembang belum kami dapatkan; petugas akan mengonfirmasi."
    const klinik = [permitPassage(kb.permit("izin-klinik")!)];
    for (const answer of [
      "Izin klinik bisa selesai di hari yang sama.",
      "Berkas lengkap hari ini, besok izin klinik sudah jadi.",
      "Izin klinik langsung terbit setelah berkas diunggah.",
      "Izin klinik diproses dalam hitungan jam saja.",
      "Izin klinik selesai hari itu juga.",
    ]) expect(checkAnswer(answer, klinik).ok, answer).toBe(false);
  });

  it("an answer saying a required document is not needed ('tidak perlu KTP', 'gambar struktur tidak diperlukan', 'tanpa bukti kepemilikan tanah') passes the checker", () => {
    for (const answer of [
      "Untuk PBG rumah tinggal tidak perlu KTP.",
      "Gambar struktur tidak diperlukan untuk rumah tinggal.",
      "PBG bisa diajukan tanpa bukti kepemilikan tanah.",
      "Dokumen lingkungan tidak wajib dilampirkan.",
    ]) expect(checkAnswer(answer, pbg).ok, answer).toBe(false);
  });

  it("a contact handle (@username) that no passage has passes the checker", () => {
    expect(checkAnswer("Untuk PBG, hubungi admin kami di Telegram @pbg_rembang_cepat agar diproses.", pbg).ok).toBe(false);
  });
});

describe("llm review 2026-11-30: a whole Loket", () => {
  let t: TestLoket;
  beforeAll(async () => {
    t = await createTestLoket({ env: { LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseURL, LLM_MODEL: "test-model", LLM_API_KEY: "sk-test", LLM_TIMEOUT_MS: "3000" } });
  });
  afterAll(() => t?.close());

  it("a retried message already answered (same messageId) waits for a whole new model call before it gets its kept answer", async () => {
    // A slow model that errs: the citizen's first message is answered by the rules after ~800 ms.
    fake.otherwise(() => ({ delayMs: 800, then: { status: 500 } }));
    const first = await t.say("pbg itu apa ya?", { messageId: "m-1" });
    const asked = fake.requests.length;
    expect(asked).toBeGreaterThan(0);
    // The web page sends it again with the same id (its answer was lost on a weak connection).
    const started = performance.now();
    const again = await t.say("pbg itu apa ya?", { messageId: "m-1" });
    expect(textOf(again)).toBe(textOf(first));
    expect(fake.requests.length).toBe(asked); // the model is not asked about a message already taken
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("the same messageId in another conversation is a new message there: the model is asked about it", async () => {
    fake.reply({ json: { intent: "ask", permit: "pbg", aspect: "general" } });
    await t.say("pbg itu apa ya?", { messageId: "m-7" });
    const asked = fake.requests.length;
    fake.reply({ json: { intent: "ask", permit: "nib", aspect: "general" } });
    const other = await t.say("nib itu apa?", { messageId: "m-7", conversationId: `web:${randomUUID()}` });
    expect(textOf(other)).toMatch(/NIB/);
    expect(fake.requests.length).toBeGreaterThan(asked);
  });
});
