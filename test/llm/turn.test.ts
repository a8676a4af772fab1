import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Inbound } from "../../src/domain/message.js";
import { createSqliteStore, openSqlite } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/port.js";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { textOf } from "../support/loket.js";

/** The store's lock wait, shortened from 10 s so that a model slower than it is quick to test. */
const LOCK_WAIT_MS = 300;
const MODEL_DELAY_MS = 1_200;

/**
 * The embedded (SQLite) store with a short lock wait, recording how long each turn held the
 * conversation's lock.
 */
function lockWatchingStore(path: string): { store: Store; held: number[] } {
  const inner = createSqliteStore(openSqlite(path));
  const held: number[] = [];
  const store: Store = {
    ...inner,
    async begin(id, o = {}) {
      const turn = await inner.begin(id, { waitMs: LOCK_WAIT_MS, ...o });
      const since = performance.now();
      const end = () => held.push(performance.now() - since);
      return {
        duplicate: turn.duplicate,
        state: turn.state,
        lastReply: () => turn.lastReply(),
        commit: (b) => turn.commit(b).finally(end),
        release: () => turn.release().finally(end),
      };
    },
  };
  return { store, held };
}

describe("a slow model and the conversation's lock", () => {
  let fake: FakeOpenAI;
  let dir: string;
  let loket: Loket;
  let held: number[];
  let store: Store;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    dir = mkdtempSync(join(tmpdir(), "loket-llm-turn-"));
    ({ store, held } = lockWatchingStore(join(dir, "loket.db")));
    const config = loadConfig({
      DATA_DIR: dir,
      LLM_PROVIDER: "openai",
      LLM_BASE_URL: fake.baseURL,
      LLM_MODEL: "test-model",
      LLM_API_KEY: "sk-test",
      LLM_TIMEOUT_MS: "2000",
      RATE_LIMIT_BURST: "1000",
      RATE_LIMIT_PER_SECOND: "1000",
    });
    loket = await buildLoket(config, { store, logger: pino({ level: process.env.DEBUG_TURN ? "debug" : "silent" }), sweepEveryMs: false });
  });
  afterAll(async () => {
    await loket?.close();
    await store?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => fake.reset());

  const say = (conversationId: string, text: string) => loket.runtime.handle({ channel: "web", conversationId, text } satisfies Inbound);

  it("is not held while the model thinks: the next message of the same conversation is answered, in order, and nothing is lost", async () => {
    const id = "web:slow-model";
    const isAnswer = (body: unknown) => JSON.stringify(body).includes("sources");
    // A model slower than the lock wait (but within LLM_TIMEOUT_MS): its classification is used.
    fake.otherwise((req) =>
      isAnswer(req.body) ? { status: 500 } : { delayMs: MODEL_DELAY_MS, then: { json: { intent: "ask", permit: "pbg", aspect: "general" } } },
    );
    const first = say(id, "kalau saya bikin kandang di belakang rumah gimana ya");
    await new Promise((r) => setTimeout(r, 100));
    const second = say(id, "jam buka kantor kapan?");
    const [a, b] = await Promise.all([first, second]);
    expect(textOf(a)).toContain("Persetujuan Bangunan Gedung");
    expect(textOf(b)).not.toMatch(/gangguan/);
    expect(textOf(b)).toMatch(/Senin/);
    // Both messages and both answers are kept, in the order they were sent.
    const lines = (await store.transcript(id)).filter((l) => l.from === "citizen").map((l) => l.text);
    expect(lines).toEqual(["kalau saya bikin kandang di belakang rumah gimana ya", "jam buka kantor kapan?"]);
    // No turn held the lock while the model was asked.
    expect(Math.max(...held)).toBeLessThan(MODEL_DELAY_MS / 2);
  });

  it("drops the model's hints when the conversation moved on while it was asked (a staff action), and answers by the rules", async () => {
    const id = "web:moved-on";
    await say(id, "halo"); // the rules are sure of a greeting: no model call
    fake.otherwise(() => ({ delayMs: 600, then: { json: { intent: "apply", permit: "pbg", aspect: null } } }));
    const pending = say(id, "kalau saya jualan di depan rumah gimana ya");
    await new Promise((r) => setTimeout(r, 100));
    // Staff write to the conversation meanwhile: the state the model was asked about is gone.
    await loket.runtime.push(id, [{ type: "text", text: "Halo, ada yang bisa dibantu?" }], "staff", "petugas1");
    const r = textOf(await pending);
    // The model said "apply pbg": had its hint been used, the application would have started.
    expect(r).not.toContain("mohon persetujuan");
    expect((await store.peekState(id))!.engine.context.permit).toBeUndefined();
  });

  it("asks the model's answer in the language Loket answers in: English for a citizen who writes in English, Indonesian otherwise", async () => {
    const id = "web:english-model";
    fake.otherwise((req) =>
      JSON.stringify(req.body).includes("sources")
        ? { json: { text: "PBG is filed through SIMBG.", sources: ["knowledge/permits/pbg.md"] } }
        : { json: { intent: "ask", permit: "pbg", aspect: "general" } },
    );
    await say(id, "can I build a small shed behind my house without a permit?");
    const asked = fake.requests.map((r) => fake.sentText(r)).find((t) => t.includes("Passages:"));
    expect(asked).toContain("Write in English");
    fake.reset();
    fake.otherwise((req) =>
      JSON.stringify(req.body).includes("sources")
        ? { json: { text: "PBG diajukan lewat SIMBG.", sources: ["knowledge/permits/pbg.md"] } }
        : { json: { intent: "ask", permit: "pbg", aspect: "general" } },
    );
    await say("web:indonesian-model", "kalau saya bikin kandang di belakang rumah gimana ya");
    const diminta = fake.requests.map((r) => fake.sentText(r)).find((t) => t.includes("Passages:"));
    expect(diminta).toContain("Write in Indonesian");
  });

  it("does not ask the model while staff hold the conversation", async () => {
    const id = "web:handoff";
    await say(id, "petugas");
    expect((await store.peekState(id))!.handoff).toBeDefined();
    fake.otherwise(() => ({ json: { intent: "ask", permit: "pbg", aspect: "general" } }));
    await say(id, "kalau saya jualan di depan rumah gimana ya");
    expect(fake.requests).toHaveLength(0);
  });

  it("gives the whole message one budget: a classification that spends it leaves no time for an answer call", async () => {
    const id = "web:budget";
    const pbg = "Untuk PBG, pengajuan lewat SIMBG.";
    fake.otherwise((req) => ({
      delayMs: 1_400,
      then: JSON.stringify(req.body).includes("sources") ? { json: { text: pbg, sources: ["knowledge/permits/pbg.md"] } } : { json: { intent: "ask", permit: "pbg", aspect: "general" } },
    }));
    const started = performance.now();
    const r = textOf(await say(id, "kalau saya bikin kandang di belakang rumah gimana ya"));
    const took = performance.now() - started;
    expect(r).toContain("Persetujuan Bangunan Gedung");
    // Classify (1.4 s) and answer (1.4 s) each fit in LLM_TIMEOUT_MS (2 s), not both together:
    // the answer call is cut when the message's budget is spent, and the templated answer stands.
    expect(took).toBeLessThan(2_600);
    expect(r).not.toContain(pbg);
    expect(fake.requests).toHaveLength(2);
  });
});
