import { describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { completeApplication, type CitizenInput } from "../support/citizen.js";
import { createTestLoket, sendVia, textOf } from "../support/loket.js";

describe("rate limit: one flooding citizen does not slow down another", () => {
  it("gives the flooder one notice then silence, while another citizen at a person's pace completes an application", async () => {
    // A pinned clock: the other citizen types a message every 1.5 s; between two of them the
    // flooder sends 8 messages (over 5 a second).
    let clock = Date.parse("2026-11-30T02:00:00Z");
    const t = await createTestLoket({ now: () => new Date(clock), env: { RATE_LIMIT_BURST: "10", RATE_LIMIT_PER_SECOND: "1" } });
    try {
      let floodSent = 0;
      let floodAnswered = 0;
      let notices = 0;
      let otherNotices = 0;
      const startClock = clock;
      const other = sendVia(t, "web:citizen-b");
      const paced = async (input: CitizenInput) => {
        for (let i = 0; i < 8; i++) {
          const r = await t.loket.runtime.handle({ channel: "web", conversationId: "web:flooder", text: `spam ${floodSent++}` });
          if (/terlalu cepat/.test(textOf(r))) notices++;
          else if (r.length) floodAnswered++;
        }
        clock += 1500;
        const replies = await other(input);
        if (/terlalu cepat/.test(textOf(replies))) otherNotices++;
        return replies;
      };
      const { number, turns } = await completeApplication(paced);
      const seconds = (clock - startClock) / 1000;
      expect(number).toMatch(/^RBG-/);
      expect(otherNotices).toBe(0);
      // The flooder gets at most the burst plus the steady rate, and a notice only when it
      // starts to exceed again after calming down (here: once, it never calms down).
      expect(floodAnswered).toBeLessThanOrEqual(10 + Math.ceil(seconds) + 1);
      expect(notices).toBe(1);
      // After a pause the flooder is served again.
      clock += 10_000;
      expect(textOf(await t.loket.runtime.handle({ channel: "web", conversationId: "web:flooder", text: "menu" }))).toMatch(/bantu/);
      console.log(
        `rate limit: flooder sent ${floodSent} in ${seconds} s (simulated) -> ${floodAnswered} answered, ${notices} notice; ` +
          `the other citizen's ${turns}-message application: all answered, none limited`,
      );
    } finally {
      await t.close();
    }
  });
});

describe("no citizen can reach another citizen's data", () => {
  it("gives no status for neighbouring registration numbers or a wrong phone, and no hint which was wrong", async () => {
    const t = await createTestLoket();
    try {
      const { number } = await completeApplication(sendVia(t, "web:owner"));
      const seq = Number(number.slice(-6));
      const year = number.split("-")[1];
      const probes = [
        [number, "0000"],
        [number, "7891"],
        [`RBG-${year}-${String(seq + 1).padStart(6, "0")}`, "7890"],
        [`RBG-${year}-${String(Math.max(0, seq - 1)).padStart(6, "0")}`, "7890"],
        [`RBG-${Number(year) - 1}-${String(seq).padStart(6, "0")}`, "7890"],
      ];
      const answers = new Set<string>();
      for (const [n, last4] of probes) {
        const id = `web:prober-${n}-${last4}`;
        await t.loket.runtime.handle({ channel: "web", conversationId: id, text: "cek status" });
        await t.loket.runtime.handle({ channel: "web", conversationId: id, text: n! });
        const r = textOf(await t.loket.runtime.handle({ channel: "web", conversationId: id, text: last4! }));
        expect(r).not.toMatch(/Status:/);
        expect(r).not.toContain("Siti");
        answers.add(r);
      }
      expect(answers.size).toBe(1); // the same answer whichever half was wrong
      // The owner's pair works.
      await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner2", text: "cek status" });
      await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner2", text: number });
      expect(textOf(await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner2", text: "7890" }))).toMatch(/Status:/);
      // Typed as people do: spaces for the dashes, the whole phone number for its last four digits.
      await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner3", text: "cek status" });
      await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner3", text: number.replace(/-/g, " ").toLowerCase() });
      expect(textOf(await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner3", text: "0812 3456 7890" }))).toMatch(/Status:/);
      await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner4", text: "cek status" });
      await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner4", text: number.replace(/-/g, " ") });
      expect(textOf(await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner4", text: "0812 3456 7891" }))).not.toMatch(/Status:/);
    } finally {
      await t.close();
    }
  });

  it("never serves documents or staff data without a staff session", async () => {
    const t = await createTestLoket();
    try {
      const { number } = await completeApplication(sendVia(t, "web:owner"));
      const app = (await t.loket.store.get<Application>("applications", number))!;
      const sha = Object.values(app.documents)[0]!.sha256;
      for (const url of [
        "/staff/api/cases",
        "/staff/api/applications",
        `/staff/api/applications/${number}`,
        `/staff/api/applications/${number}/documents/ktp`,
        `/staff/api/documents/${sha}`,
        `/uploads/${sha}`,
        `/data/uploads/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`,
      ]) {
        const res = await t.loket.app.inject({ method: "GET", url });
        expect([401, 403, 404]).toContain(res.statusCode);
        expect(res.body).not.toContain("%PDF");
      }
    } finally {
      await t.close();
    }
  });
});

describe("logs: a WhatsApp number or Telegram user id never reaches them", () => {
  it("hashes the conversation id in a logged error's context, and keeps the error's type and name", async () => {
    const { Writable } = await import("node:stream");
    const { createLogger } = await import("../../src/log.js");
    const { LoketError, StoreError } = await import("../../src/errors.js");
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ destination, pretty: false });
    const id = "whatsapp:6281234567890@c.us";
    const cause = new StoreError("STORE_UNAVAILABLE", "redis is unavailable", { conversationId: id });
    logger.error({ err: new LoketError("CHANNEL_FAILED", "WhatsApp send failed", { conversationId: id, attempts: 5 }, { cause }) }, "push failed");
    logger.error({ err: cause, conversationId: id }, "request failed");
    logger.info({ conversationId: "telegram:987654321" }, "handoff case opened");
    logger.info({ conversationId: "telegram-group:-1001234567890" }, "office group");
    await new Promise((r) => setImmediate(r));
    const text = lines.join("");
    expect(lines).toHaveLength(4);
    expect(text).not.toContain("6281234567890");
    expect(text).toContain("whatsapp:#");
    expect(text).not.toContain("987654321");
    expect(text).toMatch(/"telegram:#[0-9a-f]{12}"/);
    // The staff group is the office's, not a citizen's: its id stays readable.
    expect(text).toContain("telegram-group:-1001234567890");
    const first = JSON.parse(lines[0]!) as { err: { type: string; code: string; context: { attempts: number }; stack: string } };
    expect(first.err).toMatchObject({ type: "LoketError", code: "CHANNEL_FAILED", context: { attempts: 5 } });
    expect(first.err.stack).toContain("caused by: StoreError");
    expect(text).not.toContain('"name":"[redacted]"');
  });
});
