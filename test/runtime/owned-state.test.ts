import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationState } from "../../src/domain/conversation.js";
import { createEngine, loadFlows, type Engine, type EngineEvent } from "../../src/engine/index.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { createLogger } from "../../src/log.js";
import { createRuntime } from "../../src/runtime/runtime.js";
import { createMemoryBus } from "../../src/store/bus.js";
import { createFileStore } from "../../src/store/files.js";
import { createMemoryStore } from "../../src/store/memory.js";
import type { Store } from "../../src/store/port.js";
import { loadMessages, type Messages } from "../../src/text/messages.js";

/**
 * The runtime hands the engine the state it read from the store for this turn (`Turn.state`, the
 * turn's own object), so the step does not copy it first. Only that one: a step after an effect
 * gets a state whose parts the effect's result and puts may hold, and is not handed it. What the
 * store keeps is never changed by a turn that has not committed.
 */
let kb: KnowledgeBase;
let languages: Map<string, Messages>;
let real: Engine;

beforeAll(async () => {
  const [k, messages, flows] = await Promise.all([loadKnowledge("knowledge"), loadMessages("messages"), loadFlows("flows")]);
  kb = k;
  languages = messages;
  real = createEngine({ flows, knowledge: kb, understander: createUnderstander(kb), messages });
});

interface Call {
  event: EngineEvent["type"];
  owned: boolean;
  /** The state given is the very object the store's turn held. */
  turnState: boolean;
}

function setup() {
  const base = createMemoryStore();
  let turnState: ConversationState | null = null;
  const store: Store = {
    ...base,
    begin: async (id, o) => {
      const turn = await base.begin(id, o);
      turnState = turn.state;
      return turn;
    },
  };
  const calls: Call[] = [];
  const engine: Engine = {
    ...real,
    step(state, event, opts) {
      calls.push({ event: event.type, owned: opts?.owned === true, turnState: state === turnState });
      return real.step(state, event, opts);
    },
  };
  const runtime = createRuntime({
    store,
    bus: createMemoryBus(),
    files: createFileStore(mkdtempSync(join(tmpdir(), "loket-owned-"))),
    engine,
    knowledge: kb,
    messages: languages.get("id")!,
    languages,
    logger: createLogger({ level: "silent" }),
    uploadMaxBytes: 5 * 1048576,
    messageMaxChars: 2000,
  });
  const say = (text: string) => runtime.handle({ channel: "web", conversationId: "web:owned", text });
  return { calls, runtime, say };
}

describe("the runtime hands the engine the turn's own state", () => {
  it("a message's step is handed the very state the store's turn read for it", async () => {
    const { calls, runtime, say } = setup();
    await say("halo");
    await say("syarat imb apa aja");
    calls.length = 0;
    await say("biaya sip bidan brp");
    expect(calls).toEqual([{ event: "text", owned: true, turnState: true }]);
    runtime.close();
  });

  it("a step after an effect is not handed its state (the effect's result may hold parts of it)", async () => {
    const { calls, runtime, say } = setup();
    await say("halo");
    calls.length = 0;
    await say("cek status RBG-2026-000123");
    await say("1234");
    expect(calls.filter((c) => c.event === "result").length).toBeGreaterThan(0);
    for (const c of calls) expect(c.owned).toBe(c.event !== "result");
    runtime.close();
  });
});
