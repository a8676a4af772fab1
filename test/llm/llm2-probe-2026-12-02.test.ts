import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from "../support/fake-openai.js";
import { textOf } from "../support/loket.js";
import { startStaffWorld, type StaffWorld } from "../staff/support.js";

/**
 * Probe round llm2 (2026-12-02), written after the fixes: three new situations of the model path
 * over HTTP on loopback, the real @langchain/openai against the fake OpenAI server.
 * First run 0/3, each for a cause in the test: P1's first model call of the process took 664 ms
 * (LangChain's warm-up) against a 600 ms budget; P2 measured 477 ms for an answer without the model
 * on a loaded machine against 400 ms; P3's scripted model sent a key for a field already answered
 * (the schema asks only for the open ones). Budget 1.5 s, "at once" below 1 s, the key removed.
 */
let fake: FakeOpenAI;
let w: StaffWorld;
let clock = Date.parse("2026-12-02T03:00:00Z");

beforeAll(async () => {
  fake = await startFakeOpenAI();
  w = await startStaffWorld({
    env: { LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseURL, LLM_MODEL: "test-model", LLM_API_KEY: "sk-test", LLM_TIMEOUT_MS: "1500" },
    now: () => new Date(clock),
  });
});
afterAll(async () => {
  await w?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  clock += 60 * 60_000;
});

const isAnswerCall = (r: RecordedRequest) => JSON.stringify(r.body).includes("sources");

describe("llm2 probe 2026-12-02", () => {
  it("P1. an English answer citing the file's own regulations in English words is shown (the guard is not stricter than the facts)", async () => {
    const c = await w.citizen();
    const text = "The PBG is based on Law No. 28 of 2002 and Government Regulation 16/2021. You apply through SIMBG, and the office will confirm the details.";
    fake.otherwise((r) => (isAnswerCall(r) ? { json: { text, sources: ["knowledge/permits/pbg.md"] } } : { json: { intent: "ask", permit: "pbg", aspect: "general" } }));
    const r = textOf(await c.say("what is the building permit about? my house is next to a river"));
    expect(r).toContain(text);
  });

  it("P2. a model that hangs: after it is rested the citizen's answers come at once, /healthz and the staff view say so", async () => {
    const c = await w.citizen();
    fake.otherwise(() => ({ delayMs: 5000 }));
    for (let i = 0; i < 3; i++) expect(textOf(await c.say("pbg itu apa ya?"))).toContain("Persetujuan Bangunan Gedung");
    const asked = fake.requests.length;
    for (const q of ["slf itu apa ya?", "nib itu apa ya?", "jam buka kantor?"]) {
      const started = Date.now();
      await c.say(q);
      // Well under the budget (1.5 s) a call to the hanging model would take.
      expect(Date.now() - started, q).toBeLessThan(1000);
    }
    expect(fake.requests.length).toBe(asked);
    const health = (await (await fetch(`${w.base}/healthz`)).json()) as { ok: boolean; parts: Record<string, { ok: boolean }> };
    expect(health.ok).toBe(true);
    expect(health.parts.model?.ok).toBe(false);
    const staff = await w.login("budi");
    const status = (await (await staff.get("/model")).json()) as { circuit: { open: boolean }; calls: Record<string, { skipped: number; timeout: number }> };
    expect(status.circuit.open).toBe(true);
    expect(Object.values(status.calls).reduce((n, s) => n + s.skipped, 0)).toBeGreaterThanOrEqual(2);
    expect(Object.values(status.calls).reduce((n, s) => n + s.timeout, 0)).toBeGreaterThanOrEqual(3);
  });

  it("P3. in the middle of a form with the model rested, typed answers go on as without a model; after the rest a long message fills several fields again", async () => {
    const c = await w.citizen();
    await c.say("saya mau ajukan izin reklame");
    await c.tap("apply.consent:agree");
    fake.reset();
    fake.otherwise(() => ({ status: 502, message: "bad gateway" }));
    // Three long messages (each may hold several answers) meet a failing model: it is rested.
    expect(textOf(await c.say("Budi Santoso Wicaksono dari Desa Leteh Rembang"))).toContain("Langkah 2 dari");
    await c.say("kembali");
    for (let i = 0; i < 3; i++) await c.say("maaf saya isi ulang ya, nama saya Budi Santoso");
    const asked = fake.requests.length;
    const state = async () => (await w.t.loket.store.peekState(c.conversationId))!.engine;
    const field = async () => (await state()).expecting?.field;
    expect(fake.requests.length).toBe(asked);
    // After the rest, a model that works fills from one long message; each value validated as typed.
    clock += 10 * 60_000;
    fake.reset();
    const before = await field();
    fake.otherwise(() => ({
      json: { nik: "3317011505900001", hp: "0812-3456-7890", email: null, alamat: null, jenis_reklame: null, lokasi_reklame: null, ukuran: null, jumlah: null, isi_reklame: null },
    }));
    const r = textOf(await c.say("NIK saya 3317011505900001 dan HP 0812-3456-7890 ya pak"));
    expect(fake.requests.length).toBe(1);
    expect(before).toBe("nik");
    expect(r).toMatch(/sudah kami catat/);
    expect((await state()).stack[0]!.slots).toMatchObject({ nik: "3317011505900001", hp: "+6281234567890" });
  });
});
