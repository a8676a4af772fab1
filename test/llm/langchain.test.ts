import { resolve } from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { INTENTS, OFFICE_ASPECTS, PERMIT_ASPECTS } from "../../src/engine/understand/types.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { createChatModelFromConfig, createLangChainModel, type StructuredMethod } from "../../src/llm/langchain.js";
import { LlmMetrics } from "../../src/llm/metrics.js";
import { permitPassage } from "../../src/llm/passages.js";
import type { ClassifyOptions, LanguageModel } from "../../src/llm/port.js";
import { REDACT_PATHS } from "../../src/log.js";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";

// Long enough for a first call on a busy machine (a full run beside other work took over 400 ms); the slow server below waits 5 s.
const TIMEOUT_MS = 1000;
let fake: FakeOpenAI;
let kb: KnowledgeBase;
let catalogue: ClassifyOptions;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  kb = await loadKnowledge(resolve("knowledge"));
  catalogue = { intents: INTENTS, permits: kb.permits.map((p) => ({ id: p.id, name: p.name })), aspects: [...PERMIT_ASPECTS, ...OFFICE_ASPECTS] };
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

/** The real ChatOpenAI from configuration, pointed at the fake server, behind the real adapter. */
function model(method?: StructuredMethod, env: Record<string, string> = {}) {
  const config = loadConfig({ LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseURL, LLM_MODEL: "test-model", LLM_API_KEY: "sk-test", LLM_TIMEOUT_MS: String(TIMEOUT_MS), ...env });
  const chat = createChatModelFromConfig(config)!;
  const lines: string[] = [];
  const logger = pino({ level: "debug", redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, { write: (l: string) => void lines.push(l) });
  const metrics = new LlmMetrics();
  const m: LanguageModel = createLangChainModel(chat, { timeoutMs: config.LLM_TIMEOUT_MS, logger, metrics, method });
  return { m, lines, metrics };
}

describe.each(["jsonSchema", "functionCalling", "jsonMode"] as const)("classify via %s", (method) => {
  it("returns the structured output and sends a schema limited to existing ids", async () => {
    const { m, metrics } = model(method);
    fake.reply({ json: { intent: "ask", permit: "pbg", aspect: "fee" } });
    const r = await m.classify("kalau bangun kandang ayam di belakang rumah ada biayanya ga", catalogue);
    expect(r).toEqual({ ok: true, value: { intent: "ask", permit: "pbg", aspect: "fee" } });
    const body = fake.requests[0]!.body;
    if (method === "jsonMode") expect(body.response_format).toEqual({ type: "json_object" });
    else {
      const schema = JSON.stringify(method === "jsonSchema" ? body.response_format : body.tools);
      expect(schema).toContain('"sip-bidan"');
      expect(schema).toContain('"check_status"');
    }
    // The catalogue is in the prompt in every method.
    expect(fake.sentText()).toContain("- sip-bidan: ");
    expect(fake.requests[0]!.authorization).toBe("Bearer sk-test");
    expect(body.model).toBe("test-model");
    expect(metrics.snapshot().classify).toMatchObject({ calls: 1, ok: 1 });
  });

  it("malformed JSON falls back (invalid), without retrying", async () => {
    const { m, metrics } = model(method);
    fake.reply(method === "functionCalling" ? { toolArguments: '{"intent": "ask", ' } : { content: '{"intent": "ask", "permit": ' });
    expect(await m.classify("syarat imb", catalogue)).toEqual({ ok: false, reason: "invalid" });
    expect(fake.requests).toHaveLength(1);
    expect(metrics.snapshot().classify).toMatchObject({ calls: 1, invalid: 1 });
  });

  it("output cut by the token limit or a content filter is invalid, not an error", async () => {
    const { m, metrics } = model(method);
    fake.reply({ content: '{"intent": "ask", "perm', finish: "length" }, { content: "", finish: "content_filter" });
    expect(await m.classify("syarat imb", catalogue)).toEqual({ ok: false, reason: "invalid" });
    expect(await m.classify("syarat imb", catalogue)).toEqual({ ok: false, reason: "invalid" });
    expect(metrics.snapshot().classify).toMatchObject({ calls: 2, invalid: 2, error: 0 });
  });

  it("an id that does not exist is rejected (invalid), never passed on", async () => {
    const { m } = model(method);
    fake.reply({ json: { intent: "approve_permit", permit: "pbg", aspect: null } });
    expect(await m.classify("setujui izin saya", catalogue)).toEqual({ ok: false, reason: "invalid" });
    fake.reply({ json: { intent: "ask", permit: "izin-tambang", aspect: "fee" } });
    expect(await m.classify("izin tambang pasir berapa", catalogue)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("failures fall back within LLM_TIMEOUT_MS", () => {
  it("a slow server times out (and the request is aborted)", async () => {
    const { m, metrics, lines } = model();
    fake.reply({ delayMs: 5_000, then: { json: { intent: "greeting", permit: null, aspect: null } } });
    const t0 = performance.now();
    const r = await m.classify("halo", catalogue);
    const took = performance.now() - t0;
    expect(r).toEqual({ ok: false, reason: "timeout" });
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(took).toBeLessThan(TIMEOUT_MS + 300);
    expect(metrics.snapshot().classify).toMatchObject({ calls: 1, timeout: 1 });
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ llm: "classify", outcome: "timeout" });
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.requests[0]!.aborted).toBe(true);
  });

  it("HTTP 500 is an error, not retried", async () => {
    const { m, metrics } = model();
    fake.reply({ status: 500 });
    expect(await m.classify("halo", catalogue)).toEqual({ ok: false, reason: "error" });
    expect(fake.requests).toHaveLength(1);
    expect(metrics.snapshot().classify.error).toBe(1);
  });

  it("a refused connection is an error", async () => {
    const config = loadConfig({ LLM_PROVIDER: "openai", LLM_BASE_URL: "http://127.0.0.1:9/v1", LLM_MODEL: "m", LLM_TIMEOUT_MS: "2000" });
    const m = createLangChainModel(createChatModelFromConfig(config)!, { timeoutMs: 2000, metrics: new LlmMetrics() });
    expect(await m.classify("halo", catalogue)).toEqual({ ok: false, reason: "error" });
  });
});

describe("answer", () => {
  const question = "kalau rumah saya di pinggir sungai apakah perlu rekomendasi peil banjir?";

  it("returns a faithful answer with its sources; the prompt holds only the question and the passages", async () => {
    const { m } = model();
    const passages = [permitPassage(kb.permit("pbg")!)];
    const text = "Untuk PBG, Bapak/Ibu mengajukan lewat SIMBG dan prosesnya paling lama 28 hari kerja sejak berkas lengkap. Petugas akan mengonfirmasi kebutuhan dokumen tambahan.";
    fake.reply({ json: { text, sources: ["knowledge/permits/pbg.md"] } });
    expect(await m.answer(question, passages)).toEqual({ ok: true, value: { text, sources: ["knowledge/permits/pbg.md"] } });
    const sent = fake.sentText();
    expect(sent).toContain("<pesan_warga>\n" + question + "\n</pesan_warga>");
    expect(sent).toContain("Perhitungan struktur sederhana");
    expect(sent).not.toContain("sip-bidan.md");
  });

  it("an answer with an invented fee is discarded (unsupported)", async () => {
    const { m, metrics, lines } = model();
    fake.reply({ json: { text: "Perlu, Bapak/Ibu. Biaya rekomendasinya Rp 150.000 dan selesai 28 hari kerja.", sources: ["knowledge/permits/pbg.md"] } });
    expect(await m.answer(question, [permitPassage(kb.permit("pbg")!)])).toEqual({ ok: false, reason: "unsupported" });
    expect(metrics.snapshot().answer.unsupported).toBe(1);
    const log = JSON.parse(lines.at(-1)!);
    expect(log).toMatchObject({ llm: "answer", outcome: "unsupported", unsupportedClaims: 1 });
    expect(lines.join("\n")).not.toContain("150.000");
    expect(lines.join("\n")).not.toContain("sungai");
  });

  it("an answer citing a file it was not given is invalid; an empty answer is unsupported", async () => {
    const { m } = model();
    const passages = [permitPassage(kb.permit("pbg")!)];
    fake.reply({ json: { text: "PBG diajukan lewat SIMBG.", sources: ["knowledge/permits/karangan.md"] } });
    expect(await m.answer(question, passages)).toEqual({ ok: false, reason: "invalid" });
    fake.reply({ json: { text: "", sources: [] } });
    expect(await m.answer(question, passages)).toEqual({ ok: false, reason: "unsupported" });
  });
});

describe("extractFields (form filling)", () => {
  const fields = [
    { id: "nama", label: "Nama lengkap", kind: "text" },
    { id: "nik", label: "NIK", kind: "nik" },
    { id: "hp", label: "Nomor HP", kind: "phone" },
    { id: "email", label: "E-mail", kind: "email" },
  ];
  const text = "nama saya Budi Santoso, NIK 3317 0123 4567 0001, HP 0812-3456-7890";

  it("fills what the citizen wrote, drops values the text does not contain, logs no values", async () => {
    const { m, lines } = model();
    fake.reply({ json: { nama: "Budi Santoso", nik: "3317 0123 4567 0001", hp: "0812-3456-7890", email: "budi@contoh.id" } });
    const r = await m.extractFields(text, fields);
    expect(r).toEqual({ ok: true, value: { nama: "Budi Santoso", nik: "3317 0123 4567 0001", hp: "0812-3456-7890" } });
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ llm: "extract", outcome: "ok", filled: 3, dropped: 1, fieldCount: 4 });
    // The values are looked for outside pino's own fields: a timestamp's digits can hold "0812" or "3317".
    const logged = lines.map((l) => JSON.stringify({ ...JSON.parse(l), time: undefined, pid: undefined })).join("\n");
    for (const secret of ["Budi", "3317", "0812", "contoh"]) expect(logged).not.toContain(secret);
  });

  it("an unknown field id in the output is invalid", async () => {
    const { m } = model();
    fake.reply({ json: { nama: "Budi Santoso", nik: null, hp: null, email: null, status: "disetujui" } });
    expect(await m.extractFields(text, fields)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("configuration", () => {
  it("no LLM_PROVIDER: no model", () => {
    expect(createChatModelFromConfig(loadConfig({}))).toBeUndefined();
  });

  it("ollama uses the OpenAI-compatible endpoint on the default port with a dummy key", () => {
    const chat = createChatModelFromConfig(loadConfig({ LLM_PROVIDER: "ollama", LLM_MODEL: "qwen2.5:7b-instruct" }))!;
    expect(chat.clientConfig.baseURL).toBe("http://127.0.0.1:11434/v1");
    expect(chat.model).toBe("qwen2.5:7b-instruct");
  });

  it("says what is missing", () => {
    expect(() => createChatModelFromConfig(loadConfig({ LLM_PROVIDER: "ollama" }))).toThrow(/LLM_MODEL is required/);
    expect(() => createChatModelFromConfig(loadConfig({ LLM_PROVIDER: "openai", LLM_MODEL: "gpt-4o-mini" }))).toThrow(/LLM_API_KEY is required/);
  });
});
