import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { StaffActor } from "../../src/staff/index.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * Probe (fresh42, 2026-12-03), written after the fix: an English web conversation opened again
 * after a clerk took its case: the page's history (real HTTP on loopback) marks that notice `lang: en`.
 */
const officer: StaffActor = { username: "budi", role: "staff", displayName: "Budi" };

describe("fresh42 probe web: an English notice in the page's history", () => {
  let t: TestLoket;
  let base: string;
  beforeAll(async () => {
    t = await createTestLoket({ now: () => new Date("2026-12-03T03:00:00Z") });
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  });
  afterAll(async () => t.close());

  it("'case taken' said to an English citizen comes back in the history as lang en", async () => {
    const c = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
    const auth = { authorization: `Bearer ${c.token}` };
    await fetch(`${base}/api/conversations/${c.conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify({ text: "hi, can I talk to a staff member please?" }) });
    const open = (await t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === `web:${c.conversationId}`)!;
    expect((await t.loket.staff.take(open.id, officer)).ok).toBe(true);
    const { lines } = (await (await fetch(`${base}/api/conversations/${c.conversationId}/history`, { headers: auth })).json()) as { lines: { text: string; lang?: string; notice?: true }[] };
    const taken = lines.find((l) => /Budi/.test(l.text));
    expect(taken?.text).toMatch(/Officer Budi/);
    expect(taken?.lang).toBe("en");
  });
});
