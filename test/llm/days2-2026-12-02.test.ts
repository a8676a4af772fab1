import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { replaceAll } from "../support/clerk-copy.js";
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from "../support/fake-openai.js";
import { textOf } from "../support/loket.js";
import { LAST_HOLIDAY, SPECIAL } from "../support/office-special.js";
import { startStaffWorld, type StaffWorld } from "../staff/support.js";

/**
 * days2 (2026-12-02): a free office question the rules cannot read goes to a configured model with
 * the office's facts (officePassage: the week, the holidays, special_hours), and its answer still
 * passes the guard. A whole Loket over HTTP on loopback, the real @langchain/openai against the fake
 * OpenAI server; the office has clerk10's special hours (invented test data).
 */
let fake: FakeOpenAI;
let w: StaffWorld;
let dir: string;
const logLines: string[] = [];
/** Each situation an hour after the one before (no circuit carried over); Wednesday 2 December 2026. */
let clock = Date.parse("2026-12-02T02:00:00Z");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "loket-days2-llm-"));
  for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  replaceAll(join(dir, "knowledge/office.yaml"), LAST_HOLIDAY, LAST_HOLIDAY + SPECIAL);
  fake = await startFakeOpenAI();
  w = await startStaffWorld({
    env: { KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows"), LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseURL, LLM_MODEL: "test-model", LLM_API_KEY: "sk-test", LLM_TIMEOUT_MS: "1500" },
    messagesDir: join(dir, "messages"),
    now: () => new Date(clock),
    logLines,
  });
});
afterAll(async () => {
  await w?.close();
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.otherwise(() => ({ status: 500, message: "no scripted reply" }));
  clock += 60 * 60_000;
});

const isAnswerCall = (r: RecordedRequest) => JSON.stringify(r.body).includes("sources");
const answerCalls = () => fake.requests.filter(isAnswerCall);
const OFFICE = { intent: "office_info", permit: null, aspect: "hours" };
/** The office passage's source as the request names it (the knowledge folder is a temporary copy). */
const officeSource = (r: RecordedRequest) => /[^"\\ ]*office\.yaml/.exec(JSON.stringify(r.body))?.[0] ?? "knowledge/office.yaml";

describe("days2 2026-12-02: the office passage for a free office question", () => {
  it("1. a question the rules cannot read ('pas nyepi tahun depan pelayanan tetap jalan?'): the model gets the holidays and special hours, its checked answer is said", async () => {
    const c = await w.citizen();
    const said = "Pada Hari Suci Nyepi kantor tutup sepanjang hari, Bapak/Ibu.";
    fake.otherwise((r) => (isAnswerCall(r) ? { json: { text: said, sources: [officeSource(r)] } } : { json: OFFICE }));
    const r = textOf(await c.say("pas nyepi tahun depan pelayanan tetap jalan?"));
    expect(answerCalls()).toHaveLength(1);
    const sent = JSON.stringify(answerCalls()[0]!.body);
    expect(sent).toContain("2027-03-08 Hari Suci Nyepi");
    expect(sent).toContain("Ramadan 1448 H");
    expect(sent).toContain("Gedung Eks Kawedanan");
    expect(r).toContain(said);
  });

  it("2. an invented time in the model's answer does not pass the guard: the hours from the file instead", async () => {
    const c = await w.citizen();
    const invented = "Saat Nyepi kantor tetap buka pukul 07.00 sampai 10.00.";
    fake.otherwise((r) => (isAnswerCall(r) ? { json: { text: invented, sources: [officeSource(r)] } } : { json: OFFICE }));
    const r = textOf(await c.say("pas nyepi tahun depan pelayanan tetap jalan?"));
    expect(answerCalls()).toHaveLength(1);
    expect(r).not.toContain("07.00");
    // days3: the day asked from the file (Nyepi, closed), not the whole week.
    expect(r).toMatch(/8 Maret 2027\*?: kantor \*tutup\*/);
  });

  it("3. a question the rules read ('besok buka?') is answered from the file: no answer is asked of the model", async () => {
    const c = await w.citizen();
    fake.otherwise((r) => (isAnswerCall(r) ? { json: { text: "Besok buka.", sources: [officeSource(r)] } } : { json: OFFICE }));
    const r = textOf(await c.say("besok buka?"));
    expect(answerCalls()).toHaveLength(0);
    expect(r).toContain("3 Desember");
  });
});
