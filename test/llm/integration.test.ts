import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * The model wired into a whole Loket (real @langchain/openai against the fake server): it helps
 * understand and phrase, the checker throws out invented facts, and failures are invisible to
 * the citizen.
 */
describe("Loket with a language model configured", () => {
  let fake: FakeOpenAI;
  let t: TestLoket;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    t = await createTestLoket({
      env: { LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseURL, LLM_MODEL: "test-model", LLM_API_KEY: "sk-test", LLM_TIMEOUT_MS: "800" },
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });
  const isAnswerCall = (body: unknown) => JSON.stringify(body).includes("sources");

  it("answers a free-form permit question from the knowledge file, citing it", async () => {
    fake.reset();
    fake.otherwise((req) =>
      isAnswerCall(req.body)
        ? { json: { text: "Untuk PBG, rekomendasi peil banjir diperlukan bila lokasinya membutuhkan. Pengajuan lewat SIMBG.", sources: ["knowledge/permits/pbg.md"] } }
        : { json: { intent: "ask", permit: "pbg", aspect: "general" } },
    );
    const r = textOf(await t.say("rumah saya di pinggir sungai, pbg nya ada aturan khusus soal peil banjir?"));
    expect(r).toContain("rekomendasi peil banjir");
    expect(r).toContain("Sumber: Persetujuan Bangunan Gedung (PBG)");
    // Only the question and the knowledge passages were sent: no other citizen's data.
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it("discards an answer with an invented fee and uses the templated answer", async () => {
    fake.reset();
    fake.otherwise((req) =>
      isAnswerCall(req.body)
        ? { json: { text: "Biaya PBG hanya Rp 50.000 dan selesai 2 hari.", sources: ["knowledge/permits/pbg.md"] } }
        : { json: { intent: "ask", permit: "pbg", aspect: "general" } },
    );
    const r = textOf(await t.say("pbg itu apa sih?"));
    expect(r).not.toContain("50.000");
    expect(r).toContain("Sumber: DPMPTSP Kab. Rembang, ditinjau");
  });

  it("answers the rules' further question too when the model reads the unclear first one", async () => {
    fake.reset();
    fake.otherwise((req) => (isAnswerCall(req.body) ? { status: 500 } : { json: { intent: "ask", permit: "nib", aspect: "general" } }));
    const r = textOf(await t.say("izin buat warung kopi apa ya, trus kantor buka sabtu ga?"));
    expect(r).toContain("Nomor Induk Berusaha");
    expect(r).toMatch(/Nomor Induk Berusaha[\s\S]*Sabtu, [\s\S]*tutup/);
  });

  it("falls back to the rules without the citizen noticing when the model times out or errs", async () => {
    fake.reset();
    fake.otherwise(() => ({ delayMs: 3000 }));
    const started = Date.now();
    const r = textOf(await t.say("pbg itu apa ya?"));
    expect(r).toContain("Persetujuan Bangunan Gedung");
    expect(Date.now() - started).toBeLessThan(4000);
    fake.reset();
    fake.otherwise(() => ({ status: 500 }));
    expect(textOf(await t.say("syarat pbg apa?"))).toContain("KTP");
  });

  it("sends no NIK, phone number or e-mail address to classify or answer (the citizen has not consented yet)", async () => {
    fake.reset();
    fake.otherwise((req) =>
      isAnswerCall(req.body)
        ? { json: { text: "Untuk usaha rumahan, pengajuan lewat SIMBG.", sources: ["knowledge/permits/pbg.md"] } }
        : { json: { intent: "ask", permit: "pbg", aspect: "general" } },
    );
    const t3 = await createTestLoket({
      env: { LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseURL, LLM_MODEL: "test-model", LLM_API_KEY: "sk-test", LLM_TIMEOUT_MS: "800" },
    });
    try {
      await t3.say("nama saya Budi Santoso NIK 3317011505900001 hp 081234567890, mau tanya soal usaha saya");
      await t3.say("email saya budi.santoso@contoh.id, hp +62 812-3456-7890, nik 3317 0115 0590 0001, bangun rumah perlu apa");
    } finally {
      await t3.close();
    }
    const calls = fake.requests.map((r) => JSON.stringify(r.body));
    expect(calls.filter((c) => c.includes("sources")).length).toBeGreaterThan(0); // answer calls were made
    expect(calls.filter((c) => !c.includes("sources")).length).toBeGreaterThan(0); // and classify calls
    for (const body of calls) {
      for (const secret of ["3317011505900001", "3317 0115", "081234567890", "812-3456-7890", "budi.santoso@contoh.id"]) expect(body).not.toContain(secret);
      expect(body).toMatch(/\[NIK\]|\[email\]/);
    }
  });

  it("is not consulted while the citizen answers a typed form question", async () => {
    await t.say("saya mau ajukan izin reklame");
    await t.tap("apply.consent:agree");
    fake.reset();
    fake.otherwise(() => ({ status: 500 }));
    expect(textOf(await t.say("Siti Rahmawati"))).toContain("Langkah 2 dari");
    await t.say("3317014508900002");
    expect(fake.requests).toHaveLength(0);
  });

  it("keeps a typed answer to the question asked when the model puts it elsewhere", async () => {
    const t4 = await createTestLoket({
      env: { LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseURL, LLM_MODEL: "test-model", LLM_API_KEY: "sk-test", LLM_TIMEOUT_MS: "800" },
    });
    try {
      await t4.say("saya mau ajukan izin reklame");
      await t4.tap("apply.consent:agree");
      fake.reset();
      const name = "Raden Mas Budi Santoso Wijayakusuma Hadiningrat";
      // At the name question the model finds no name, and takes the name for an address and a location.
      fake.otherwise(() => ({
        json: { nama: null, nik: null, hp: null, email: null, alamat: name, jenis_reklame: null, lokasi_reklame: name, ukuran: null, jumlah: null, isi_reklame: null },
      }));
      const r = textOf(await t4.say(name));
      expect(fake.requests).toHaveLength(1);
      expect(r).not.toMatch(/sudah kami catat/);
      expect(r).toContain("Langkah 2 dari");
      const slots = (await t4.loket.store.peekState(t4.conversationId))!.engine.stack[0]!.slots;
      expect(slots.nama).toBe(name);
      expect(slots.alamat).toBeUndefined();
      expect(slots.lokasi_reklame).toBeUndefined();
    } finally {
      await t4.close();
    }
  });

  it("does not ask again for fields a prefill filled: after the NIK comes the e-mail, not the phone", async () => {
    const t5 = await createTestLoket({
      env: { LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseURL, LLM_MODEL: "test-model", LLM_API_KEY: "sk-test", LLM_TIMEOUT_MS: "800" },
    });
    try {
      await t5.say("saya mau ajukan izin reklame");
      await t5.tap("apply.consent:agree");
      fake.reset();
      fake.otherwise(() => ({
        json: { nama: "Budi Santoso", nik: null, hp: "0812-3456-7890", email: null, alamat: "Jl. Pemuda 1 Rembang", jenis_reklame: null, lokasi_reklame: null, ukuran: null, jumlah: null, isi_reklame: null },
      }));
      expect(textOf(await t5.say("nama saya Budi Santoso, HP 0812-3456-7890, alamat Jl. Pemuda 1 Rembang"))).toMatch(/sudah kami catat[\s\S]*Langkah 2 dari/);
      const asked = async () => (await t5.loket.store.peekState(t5.conversationId))!.engine.expecting?.field;
      expect(await asked()).toBe("nik");
      await t5.say("3317011505900001");
      expect(await asked()).toBe("email"); // not "hp" again
      await t5.say("lewati");
      // alamat was filled too: the next question is the first one nobody answered.
      expect(await asked()).toBe("jenis_reklame");
      const slots = (await t5.loket.store.peekState(t5.conversationId))!.engine.stack[0]!.slots;
      expect(slots).toMatchObject({ nama: "Budi Santoso", nik: "3317011505900001", hp: "+6281234567890", alamat: "Jl. Pemuda 1 Rembang" });
    } finally {
      await t5.close();
    }
  });

  it("fills several form fields from one free-text message, each validated as if typed", async () => {
    const t2 = await createTestLoket({
      env: { LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseURL, LLM_MODEL: "test-model", LLM_API_KEY: "sk-test", LLM_TIMEOUT_MS: "800" },
    });
    try {
      await t2.say("saya mau ajukan izin reklame");
      await t2.tap("apply.consent:agree");
      fake.reset();
      // The model also "finds" a NIK with a wrong date part: it is refused like a typed one.
      fake.otherwise(() => ({
        json: { nama: "Budi Santoso", nik: "3317019908900001", hp: "0812-3456-7890", email: null, alamat: "Jl. Pemuda 1 Rembang", jenis_reklame: null, lokasi_reklame: null, ukuran: null, jumlah: null, isi_reklame: null },
      }));
      const r = textOf(await t2.say("nama saya Budi Santoso, NIK 3317019908900001, HP 0812-3456-7890, alamat Jl. Pemuda 1 Rembang"));
      expect(r).toMatch(/sudah kami catat/);
      expect(r).toContain("Langkah 2 dari"); // the NIK is asked again: the model's value failed validation
      const state = await t2.loket.store.peekState(t2.conversationId);
      const slots = state!.engine.stack[0]!.slots;
      expect(slots.nama).toBe("Budi Santoso");
      expect(slots.hp).toBe("+6281234567890");
      expect(slots.nik).toBeUndefined();
      // What was sent to the model: this citizen's message and the field labels, nothing else.
      expect(fake.sentText()).not.toContain("Siti");
    } finally {
      await t2.close();
    }
  });
});
