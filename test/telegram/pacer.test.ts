import { describe, expect, it } from "vitest";
import { createPacer } from "../../src/channels/telegram/flood.js";

/** A fake `prev` (the next transformer / the HTTP call): records when each send started. */
function recorder(durationMs = 0) {
  const started: { method: string; chat: unknown; text: unknown; at: number }[] = [];
  const t0 = performance.now();
  const prev = async (method: string, payload: Record<string, unknown>) => {
    started.push({ method, chat: payload.chat_id, text: payload.text, at: performance.now() - t0 });
    if (durationMs) await new Promise((r) => setTimeout(r, durationMs));
    return { ok: true as const, result: true };
  };
  return { started, prev: prev as never };
}
type Call = (method: string, payload: Record<string, unknown>) => Promise<unknown>;
const bind = (pacer: ReturnType<typeof createPacer>, prev: never): Call => (method, payload) => pacer(prev, method as never, payload as never);

describe("Telegram pacer", () => {
  it("starts a send at once, in the same turn of the event loop, when no limit is reached", () => {
    const r = recorder();
    const call = bind(createPacer(), r.prev);
    void call("sendMessage", { chat_id: 1, text: "a" });
    void call("sendMessage", { chat_id: 2, text: "b" });
    expect(r.started.map((s) => s.chat)).toEqual([1, 2]);
  });

  it("keeps one chat's sends in order, one at a time, about a second apart by default", async () => {
    const r = recorder(20);
    const call = bind(createPacer(), r.prev);
    await Promise.all(["satu", "dua", "tiga"].map((text) => call("sendMessage", { chat_id: 7, text })));
    expect(r.started.map((s) => s.text)).toEqual(["satu", "dua", "tiga"]);
    expect(r.started[1]!.at - r.started[0]!.at).toBeGreaterThanOrEqual(990);
    expect(r.started[2]!.at - r.started[1]!.at).toBeGreaterThanOrEqual(990);
  });

  it("holds sends beyond the bot's overall rate and releases them when the window allows", async () => {
    const r = recorder();
    const call = bind(createPacer({ chat: [], global: [{ count: 5, perMs: 300 }] }), r.prev);
    const all = Array.from({ length: 12 }, (_, i) => call("sendMessage", { chat_id: 100 + i, text: String(i) }));
    expect(r.started).toHaveLength(5);
    await Promise.all(all);
    expect(r.started.map((s) => s.text)).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
    // Sends 6-10 wait for the first window, 11-12 for the second.
    expect(r.started[5]!.at).toBeGreaterThanOrEqual(290);
    expect(r.started[10]!.at).toBeGreaterThanOrEqual(590);
  });

  it("applies the group limits to negative chat ids and never delays chat actions or callback answers", async () => {
    const r = recorder();
    const call = bind(createPacer({ group: [{ count: 2, perMs: 60_000 }], global: [] }), r.prev);
    void call("sendMessage", { chat_id: -100, text: "1" });
    void call("sendMessage", { chat_id: -100, text: "2" });
    void call("sendMessage", { chat_id: -100, text: "3" }); // waits a minute
    void call("sendChatAction", { chat_id: -100, action: "typing" });
    void call("answerCallbackQuery", { callback_query_id: "x" });
    void call("sendMessage", { chat_id: 5, text: "private" });
    await new Promise((r) => setTimeout(r, 50));
    // "2" starts once "1" has finished (one send per chat at a time); "3" waits for the window.
    expect(r.started.map((s) => s.method + ":" + String(s.text ?? "")).sort()).toEqual([
      "answerCallbackQuery:",
      "sendChatAction:",
      "sendMessage:1",
      "sendMessage:2",
      "sendMessage:private",
    ]);
  });

  it("passes a failed send's error to its caller and goes on with the next one", async () => {
    let n = 0;
    const prev = (async (_m: string, p: Record<string, unknown>) => {
      if (n++ === 0) throw new Error("boom");
      return { ok: true, result: p.text };
    }) as never;
    const call = bind(createPacer({ chat: [], global: [] }), prev);
    const first = call("sendMessage", { chat_id: 1, text: "a" });
    const second = call("sendMessage", { chat_id: 1, text: "b" });
    await expect(first).rejects.toThrow("boom");
    await expect(second).resolves.toEqual({ ok: true, result: "b" });
  });
});
