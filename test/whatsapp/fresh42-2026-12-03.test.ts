import { describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { StaffActor } from "../../src/staff/index.js";
import { withChat } from "./citizen-chat.js";

/**
 * Held-out (fresh42, 2026-12-03), written before any change: on WhatsApp a citizen answers the
 * SKM survey's offer ("Bersediakah Bapak/Ibu…?") with a 👍 reaction instead of typing "ya".
 */
const officer: StaffActor = { username: "budi", role: "staff", displayName: "Budi" };

describe("fresh42 WhatsApp: a reaction on the survey's offer (held-out, 2026-12-03)", () => {
  it("a 👍 reaction on the SKM offer is a yes: the first of the nine questions follows, no 'reaksi emoji belum bisa'", () =>
    withChat(async (s) => {
      s.send("mau bicara dengan petugas");
      await s.said();
      const open = (await s.t.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting")!;
      expect((await s.t.loket.staff.take(open.id, officer)).ok).toBe(true);
      expect((await s.t.loket.staff.close(open.id, officer)).ok).toBe(true);
      await expect.poll(() => s.client.textsTo(s.chat).join("\n")).toMatch(/Survei Kepuasan/);
      await s.said();
      const offer = s.client.sentTo(s.chat).at(-1)!;
      s.client.emit("message_reaction", {
        id: { fromMe: false, remote: s.chat, id: "R42", _serialized: `false_${s.chat}_R42` },
        reaction: "👍",
        msgId: offer.id,
        senderId: s.chat,
        timestamp: Math.floor(Date.now() / 1000),
      });
      const said = await s.said();
      expect(said).not.toMatch(/belum bisa kami proses/);
      expect(said).toMatch(/1\/9/);
    }));
});
