import { describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { StaffActor } from "../../src/staff/index.js";
import { withChat, type CitizenChat } from "./citizen-chat.js";

/** Probe (skm3, 2026-12-03), written after the fix and not looked at before: reactions as WhatsApp users give them. */

const officer: StaffActor = { username: "budi", role: "staff", displayName: "Budi" };
let n = 0;
function react(s: CitizenChat, msgId: { _serialized: string }, emoji: string): void {
  const id = `P${++n}`;
  s.client.emit("message_reaction", { id: { fromMe: false, remote: s.chat, id, _serialized: `false_${s.chat}_${id}` }, reaction: emoji, msgId, senderId: s.chat, timestamp: Math.floor(Date.now() / 1000) });
}
async function toFirstQuestion(s: CitizenChat): Promise<void> {
  s.send("petugas");
  await s.said();
  const open = (await s.t.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting")!;
  await s.t.loket.staff.take(open.id, officer);
  await s.t.loket.staff.close(open.id, officer);
  await expect.poll(() => s.client.textsTo(s.chat).join("\n")).toMatch(/Survei Kepuasan/);
  await s.said();
  s.send("ya");
  expect(await s.said()).toMatch(/1\/9/);
}
const question = (s: CitizenChat, k: number) => s.client.sentTo(s.chat).findLast((m) => m.body.includes(`${k}/9`))!.id;
const answers = async (s: CitizenChat) => (await s.t.loket.store.peekState(`whatsapp:${s.chat}`))!.engine.stack.find((f) => f.flow === "survey")?.slots ?? {};

describe("skm3 probe (written after the fix)", () => {
  it("❤️ (WhatsApp's second quick reaction) on 1/9 is 4", () =>
    withChat(async (s) => {
      await toFirstQuestion(s);
      react(s, question(s, 1), "❤️");
      expect(await s.said()).toMatch(/2\/9/);
      expect((await answers(s)).u1).toBe(4);
    }));

  it("👍🏽 (a skin tone) on 1/9 is 3", () =>
    withChat(async (s) => {
      await toFirstQuestion(s);
      react(s, question(s, 1), "👍🏽");
      expect(await s.said()).toMatch(/2\/9/);
      expect((await answers(s)).u1).toBe(3);
    }));

  it("typed answers first, then a 😍 on 2/9: 2/9 is 4 and 3/9 follows", () =>
    withChat(async (s) => {
      await toFirstQuestion(s);
      s.send("3");
      expect(await s.said()).toMatch(/2\/9/);
      react(s, question(s, 2), "😍");
      expect(await s.said()).toMatch(/3\/9/);
      expect(await answers(s)).toMatchObject({ u1: 3, u2: 4 });
    }));
});
