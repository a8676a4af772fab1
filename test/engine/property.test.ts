import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationState } from "../../src/domain/conversation.js";
import { Outbound } from "../../src/domain/message.js";
import { createEngine, loadFlows, type Effect, type EffectResult, type Engine, type EngineEvent } from "../../src/engine/index.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";

/**
 * Random event sequences against the pure step. Taps are mostly of the choices on offer, so the
 * walk gets deep into applications, surveys and corrections. Invariants: no exception; the
 * bot always answers; what the last reply asks for is exactly what the state expects (so stale
 * taps can be told apart); the state is plain JSON and small.
 */
let engine: Engine;
beforeAll(async () => {
  const [kb, messages, flows] = await Promise.all([loadKnowledge("knowledge"), loadMessages("messages"), loadFlows("flows")]);
  engine = createEngine({ flows, knowledge: kb, understander: createUnderstander(kb), messages, now: () => new Date("2026-12-01T03:00:00Z") });
});

const doc = { sha256: "c".repeat(64), mime: "application/pdf" as const, size: 10 };

function perform(call: Effect, n: number): EffectResult {
  switch (call.type) {
    case "submit_application":
      return { type: "submit_application", number: `RBG-2026-${String(n).padStart(6, "0")}` };
    case "check_status":
      return n % 2 ? { type: "check_status", found: false } : { type: "check_status", found: true, number: call.number, permit: "pbg", status: "received", updatedAt: "2026-12-01T00:00:00Z" };
    case "own_applications": {
      // None, one, or several filed from this conversation: answered at once, or picked from.
      const own = (i: number) => ({ number: `RBG-2026-${String(i).padStart(6, "0")}`, permit: "pbg", status: "received" as const });
      return { type: "own_applications", applications: [own(1), own(2)].slice(0, n % 3) };
    }
    case "open_case":
      return { type: "open_case", caseId: `c${n}`, queuePosition: 1 + (n % 4), officeOpen: n % 2 === 0, ...(n % 2 ? { nextOpening: "Rabu, 08.00 WIB" } : {}) };
    case "record_survey":
      return { type: "record_survey", ok: true };
    case "resubmit_documents":
      return { type: "resubmit_documents", ok: n % 3 !== 0 };
    case "delete_my_data":
      return { type: "delete_my_data", kept: [] };
  }
}

type Move =
  | { kind: "tap"; index: number }
  /** A valid answer to whatever is asked (so walks get deep). */
  | { kind: "answer"; times: number }
  | { kind: "event"; event: EngineEvent };

const TEXTS = [
  "halo", "saya mau ajukan izin reklame", "mau mengajukan sip fisioterapis", "syarat imb apa", "biayanya berapa?", "cek status",
  "RBG-2026-000001", "7890", "Siti Rahmawati", "3317014508900002", "0812 3456 7890", "lewati", "ya", "1", "2", "5", "ubah 1",
  "batal", "kembali", "ulang", "menu", "petugas", "bantuan", "hapus data saya", "Jl. Pemuda No. 10, Rembang", "17 Agustus 1990",
  "terima kasih", "asdfgh", "",
];

const moveArb: fc.Arbitrary<Move> = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 1, max: 30 }).map((times): Move => ({ kind: "answer", times })) },
  { weight: 6, arbitrary: fc.nat({ max: 9 }).map((index): Move => ({ kind: "tap", index })) },
  { weight: 6, arbitrary: fc.constantFrom(...TEXTS).map((text): Move => ({ kind: "event", event: { type: "text", text } })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((text): Move => ({ kind: "event", event: { type: "text", text } })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((id): Move => ({ kind: "event", event: { type: "choice", id } })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<EngineEvent>(
        { type: "file", result: { ok: true, document: doc } },
        { type: "file", result: { ok: true, document: { ...doc, mime: "image/jpeg" } } },
        { type: "file", result: { ok: false, reason: "type" } },
        { type: "file", result: { ok: false, reason: "size", limitBytes: 1048576 } },
        { type: "unsupported", kind: "sticker" },
        { type: "resume" },
        { type: "start" },
        { type: "trigger", flow: "survey", slots: { caseId: "c1" } },
        { type: "trigger", flow: "correction", slots: { number: "RBG-2026-000001", permit: "pbg", documents: ["ktp"] } },
      )
      .map((event): Move => ({ kind: "event", event })),
  },
);

const VALID: Record<string, string> = { nik: "3317014508900002", phone: "081234567890", email: "a@example.com", date: "17-08-1990", number: "2" };

let photos = 0;

function answerTo(last: Outbound[], state: ConversationState): EngineEvent {
  const ask = last[last.length - 1];
  const e = state.engine.expecting;
  if (!ask?.expects || !e) return { type: "text", text: "saya mau ajukan izin reklame" };
  // A photo of its own for each document asked (the same bytes right after are "already received").
  if (e.kind === "file") return { type: "file", result: { ok: true, document: { ...doc, sha256: (++photos).toString(16).padStart(64, "d"), mime: "image/jpeg" } } };
  if (e.choices?.length) return { type: "choice", id: e.choices[0]! };
  if (e.field === "number") return { type: "text", text: "RBG-2026-000002" };
  if (e.field === "last4") return { type: "text", text: "7890" };
  return { type: "text", text: VALID[e.kind] ?? "Jalan Pemuda Nomor 10, Rembang" };
}

describe("the pure step under random events", () => {
  it("never throws, always answers, and keeps replies and state in agreement", () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.array(moveArb, { minLength: 1, maxLength: 60 }), (moves) => {
        let state: ConversationState = engine.initialState("web:p", "web");
        let last: Outbound[] = [];
        let n = 0;
        const events = (move: Move): (() => EngineEvent)[] => {
          if (move.kind === "answer") return Array.from({ length: move.times }, () => () => answerTo(last, state));
          if (move.kind === "event") return [() => move.event];
          return [
            () => {
              const offered = [...last].reverse().find((o) => o.choices?.length)?.choices ?? [];
              return offered.length ? { type: "choice", id: offered[move.index % offered.length]!.id } : { type: "text", text: "menu" };
            },
          ];
        };
        for (const next of moves.flatMap(events)) {
          const event = next();
          let r = engine.step(state, event);
          const replies = [...r.replies];
          while (r.call) {
            reached.add(r.call.type);
            r = engine.step(r.state, { type: "result", result: perform(r.call, ++n) });
            replies.push(...r.replies);
          }
          state = r.state;
          for (const o of replies) expect(Outbound.safeParse(o).success).toBe(true);
          const expecting = state.engine.expecting;
          if (expecting) {
            // A question is pending: the last reply asks it, with exactly the valid choices.
            expect(replies.length).toBeGreaterThan(0);
            const ask = replies[replies.length - 1]!;
            // A document question names its application (a reply quoting it is not filed in another).
            // A document question and a survey rating question (skm3: a reaction on it is its score) carry their frame's ref.
            const top = state.engine.stack.at(-1)!;
            // So does the survey's offer (fresh42: a 👍 on it is a yes); only a rating question is a `scale`.
            const rating = top.flow === "survey" && /^u\d$/.test(expecting.field);
            const withRef = expecting.kind === "file" || rating || (top.flow === "survey" && expecting.field === "intro");
            expect(ask.expects).toEqual({ field: expecting.field, kind: expecting.kind, ...(withRef ? { form: top.ref } : {}), ...(rating ? { scale: true } : {}) });
            expect(ask.choices?.map((c) => c.id) ?? []).toEqual(expecting.choices ?? []);
          } else {
            // Only a handoff (staff answer next) or a quietly finished flow leaves nothing pending.
            expect(replies.every((o) => !o.expects)).toBe(true);
          }
          const json = JSON.stringify(state);
          expect(JSON.parse(json)).toEqual(state);
          expect(json.length).toBeLessThan(4096);
          last = replies;
        }
      }),
      { numRuns: 300, seed: 20261128 },
    );
    // The walks went deep enough to exercise the effects, not just the menu.
    expect([...reached].sort()).toEqual(expect.arrayContaining(["check_status", "delete_my_data", "open_case", "record_survey", "resubmit_documents", "submit_application"]));
  });
});
