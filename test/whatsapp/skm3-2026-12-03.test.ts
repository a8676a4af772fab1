import { describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { StaffActor } from "../../src/staff/index.js";
import { withChat, type CitizenChat } from "./citizen-chat.js";

/**
 * Held-out cases (skm3, 2026-12-03), written before any change: a citizen who answers the SKM
 * survey on WhatsApp with an emoji reaction put on the question, as WhatsApp invites one to.
 */

const officer: StaffActor = { username: "budi", role: "staff", displayName: "Budi" };
let reactions = 0;

/** The citizen puts `emoji` on `msgId` (one of Loket's sent messages); "" takes it back. */
function react(s: CitizenChat, msgId: { _serialized: string }, emoji: string): void {
  const id = `R${++reactions}`;
  s.client.emit("message_reaction", {
    id: { fromMe: false, remote: s.chat, id, _serialized: `false_${s.chat}_${id}` },
    reaction: emoji,
    msgId,
    senderId: s.chat,
    timestamp: Math.floor(Date.now() / 1000),
  });
}

/** A case served and closed by staff (staff's reply the last thing before the survey's offer): the survey accepted, 1/9 asked. */
async function toFirstQuestion(s: CitizenChat): Promise<{ staffReply: { _serialized: string } }> {
  s.send("petugas");
  await s.said();
  const open = (await s.t.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting")!;
  expect((await s.t.loket.staff.take(open.id, officer)).ok).toBe(true);
  expect((await s.t.loket.staff.reply(open.id, officer, "Izin Bapak sudah kami proses.")).ok).toBe(true);
  await expect.poll(() => s.client.textsTo(s.chat).join("\n")).toMatch(/sudah kami proses/);
  const staffReply = s.client.sentTo(s.chat).findLast((m) => /sudah kami proses/.test(m.body))!.id;
  expect((await s.t.loket.staff.close(open.id, officer)).ok).toBe(true);
  await expect.poll(() => s.client.textsTo(s.chat).join("\n")).toMatch(/Survei Kepuasan/);
  await s.said();
  s.send("ya");
  expect(await s.said()).toMatch(/1\/9/);
  return { staffReply };
}

const question = (s: CitizenChat, n: number) => s.client.sentTo(s.chat).findLast((m) => m.body.includes(`${n}/9`))!.id;
const answers = async (s: CitizenChat) => (await s.t.loket.store.peekState(`whatsapp:${s.chat}`))!.engine.stack.find((f) => f.flow === "survey")?.slots ?? {};

describe("skm3 WhatsApp: an emoji reaction on the survey's question (held-out, 2026-12-03)", () => {
  for (const [emoji, score] of [["😍", 4], ["👍", 3], ["👎", 1]] as const) {
    it(`${emoji} on the 1/9 question is the score ${score}; 2/9 follows`, () =>
      withChat(async (s) => {
        await toFirstQuestion(s);
        react(s, question(s, 1), emoji);
        const said = await s.said();
        expect(said).not.toMatch(/belum bisa kami proses/);
        expect(said).toMatch(/2\/9/);
        expect((await answers(s)).u1).toBe(score);
      }));
  }

  it("a 👍 on staff's last reply while 1/9 is pending is no score: today's answer, 1/9 again, nothing recorded", () =>
    withChat(async (s) => {
      const { staffReply } = await toFirstQuestion(s);
      react(s, staffReply, "👍");
      const said = await s.said();
      expect(said).toMatch(/reaksi emoji/);
      expect(said).toMatch(/1\/9/);
      expect((await answers(s)).u1).toBeUndefined();
    }));

  it("an emoji with no clear score (🙏) on the question: asked politely for a number 1-4, the question again, nothing recorded", () =>
    withChat(async (s) => {
      await toFirstQuestion(s);
      react(s, question(s, 1), "🙏");
      const said = await s.said();
      expect(said).toMatch(/angka 1/);
      expect(said).toMatch(/1\/9/);
      expect(said).not.toMatch(/2\/9/);
      expect((await answers(s)).u1).toBeUndefined();
    }));

  it("the reaction on 1/9 changed (😍 to 👎) before 2/9 is answered: the score replaced, 2/9 asked again", () =>
    withChat(async (s) => {
      await toFirstQuestion(s);
      react(s, question(s, 1), "😍");
      expect(await s.said()).toMatch(/2\/9/);
      react(s, question(s, 1), "👎");
      const said = await s.said();
      expect(said).toMatch(/2\/9/);
      expect((await answers(s)).u1).toBe(1);
    }));

  it("a reaction taken back (\"\") says nothing and changes nothing", () =>
    withChat(async (s) => {
      await toFirstQuestion(s);
      react(s, question(s, 1), "😍");
      await s.said();
      react(s, question(s, 1), "");
      expect(await s.said()).toBe("");
      expect((await answers(s)).u1).toBe(4);
    }));

  it("a reaction on an older question (1/9 while 3/9 is pending) is not taken: today's answer, 3/9 again", () =>
    withChat(async (s) => {
      await toFirstQuestion(s);
      s.send("4");
      await s.said();
      s.send("3");
      expect(await s.said()).toMatch(/3\/9/);
      react(s, question(s, 1), "👎");
      const said = await s.said();
      expect(said).toMatch(/reaksi emoji/);
      expect((await answers(s)).u1).toBe(4);
    }));

  it("the survey's question says a reaction is an answer", () =>
    withChat(async (s) => {
      s.send("petugas");
      await s.said();
      const open = (await s.t.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting")!;
      await s.t.loket.staff.take(open.id, officer);
      await s.t.loket.staff.close(open.id, officer);
      await expect.poll(() => s.client.textsTo(s.chat).join("\n")).toMatch(/Survei Kepuasan/);
      await s.said();
      s.send("ya");
      expect(await s.said()).toMatch(/reaksi|emoji/i);
    }));
});
