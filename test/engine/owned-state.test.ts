import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationState } from "../../src/domain/conversation.js";
import type { Outbound } from "../../src/domain/message.js";
import { createEngine, loadFlows, type Engine, type EngineEvent } from "../../src/engine/index.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";

/**
 * `step(state, event)` never changes the caller's state (it works on a copy). A caller that hands
 * the state over (`{ owned: true }`: the runtime, with a state just parsed from the store for this
 * turn) gets the step without that copy, and the same replies and state.
 */
let engine: Engine;
const NOW = new Date("2026-12-01T03:00:00Z"); // Tuesday 10:00 WIB

beforeAll(async () => {
  const [kb, messages, flows] = await Promise.all([loadKnowledge("knowledge"), loadMessages("messages"), loadFlows("flows")]);
  engine = createEngine({ flows, knowledge: kb, understander: createUnderstander(kb), messages, now: () => NOW, uploadLimitBytes: 5 * 1048576 });
});

/** Freezes every object and array in a state: a write anywhere inside it throws (ES modules are strict). */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object") {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

/** Conversations reaching menus, answers, a form's questions, a correction, a cancel, and English. */
const TALKS: EngineEvent[][] = [
  ["halo", "syarat imb apa aja", "biaya sip bidan brp", "berapa lama proses nib", "menu", "jam buka kantor", "pbg berlaku brp lama", "terima kasih"].map((text) => ({ type: "text", text })),
  [{ type: "start" }, { type: "text", text: "mau daftar sip fisioterapis" }, { type: "text", text: "ya" }, { type: "text", text: "Siti Rahmawati" }, { type: "text", text: "3317015708900002" }, { type: "text", text: "batal" }, { type: "text", text: "ya" }],
  [{ type: "text", text: "hello, what do I need for a building permit?" }, { type: "text", text: "how much does it cost" }, { type: "text", text: "menu" }],
  [{ type: "text", text: "cek status" }, { type: "text", text: "RBG-2026-000123" }, { type: "text", text: "petugas" }],
];

describe("engine step: the caller's state", () => {
  it("is never changed by a step that was not handed it (every state on the way, frozen)", () => {
    for (const talk of TALKS) {
      let state = engine.initialState("web:frozen", "web");
      for (const event of talk) {
        const before = JSON.stringify(state);
        const frozen = deepFreeze(state);
        const res = engine.step(frozen, event);
        expect(JSON.stringify(frozen)).toBe(before);
        expect(res.state).not.toBe(frozen);
        state = res.state;
      }
    }
  });

  it("handed over ({ owned: true }), is worked on in place: the same replies and state as on a copy", () => {
    for (const talk of TALKS) {
      let copied = engine.initialState("web:owned", "web");
      let owned = JSON.parse(JSON.stringify(copied)) as ConversationState;
      for (const event of talk) {
        const a = engine.step(copied, event);
        const given = JSON.parse(JSON.stringify(owned)) as ConversationState;
        const b = engine.step(given, event, { owned: true });
        expect(b.state).toBe(given);
        expect(JSON.stringify(b.replies as Outbound[])).toBe(JSON.stringify(a.replies));
        expect(JSON.stringify(b.state)).toBe(JSON.stringify(a.state));
        expect(b.call).toEqual(a.call);
        copied = a.state;
        owned = b.state;
      }
    }
  });
});
