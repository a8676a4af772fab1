import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import type { TestLoket } from "../support/loket.js";
import { staffGroupWorld } from "./group-world.js";
import { startStaffWorld, type StaffWorld } from "./support.js";

const GROUP = -1005550002222;

/**
 * A case opened from a staff-only request (flows/staff_only.yaml) says WHICH request it is — a
 * refund, a change to an application already sent, an urgent date — to staff: in the Telegram
 * topic's name and first message, and in the console's case list and case view (the stored case
 * carries the kind). The citizen's own words (a name, an amount) never reach the logs with it.
 */
const KINDS = [
  { kind: "refund", says: "uang retribusi saya minta dikembalikan, nama saya Siti Rahmawati", label: "Pengembalian biaya" },
  { kind: "change", says: "mau ganti nomor hp di permohonan yang sudah saya kirim, nama saya Siti Rahmawati", label: "Ubah data permohonan yang sudah dikirim" },
  { kind: "urgent", says: "izin saya besok harus jadi, nama saya Siti Rahmawati", label: "Minta dipercepat" },
] as const;

describe("the kind of a staff-only request, shown to staff", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });

  for (const { kind, says, label } of KINDS) {
    it(`${kind}: stored on the case, in the Telegram topic's name and first message; no personal data logged`, async () => {
      const logLines: string[] = [];
      const { emu, t } = await staffGroupWorld(cleanups, GROUP, { loket: { store: "sqlite", now: () => new Date("2026-12-01T03:00:00Z"), logLines } });
      const conversationId = `web:staff-only-${kind}`;
      await t.send({ conversationId, text: says });
      await t.send({ conversationId, text: "iya" });
      let c: HandoffCase | undefined;
      await expect.poll(async () => (c = (await t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === conversationId))?.staffThreadId).toBeGreaterThan(0);
      expect(c!.reason).toBe("staff_only");
      expect(c!.staffOnly).toBe(kind);
      const topic = (emu as BotApiEmulator).calls.find((x) => x.method === "createForumTopic");
      expect(String(topic?.payload.name)).toContain(`Hanya bisa diurus petugas: ${label}`);
      await expect.poll(() => emu.sentTo(GROUP).filter((m) => m.message_thread_id === c!.staffThreadId).map((m) => m.text ?? "")[0] ?? "").toContain(`Kasus baru (Hanya bisa diurus petugas: ${label})`);
      const opened = logLines.find((l) => l.includes("handoff case opened"));
      expect(opened).toContain(`"staffOnly":"${kind}"`);
      for (const l of logLines) expect(l).not.toMatch(/Siti|Rahmawati|retribusi saya/);
      await (t as TestLoket).close();
    });
  }

  it("a case of another reason shows no kind", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { loket: { store: "sqlite", now: () => new Date("2026-12-01T03:00:00Z") } });
    await t.send({ conversationId: "web:staff-only-none", text: "mau bicara dengan petugas" });
    let c: HandoffCase | undefined;
    await expect.poll(async () => (c = (await t.loket.store.list<HandoffCase>("cases"))[0])?.staffThreadId).toBeGreaterThan(0);
    expect(c!.staffOnly).toBeUndefined();
    const topic = emu.calls.find((x) => x.method === "createForumTopic");
    expect(String(topic?.payload.name)).toMatch(/^Warga minta petugas · web · /);
  });
});

describe("the kind of a staff-only request in the console API", () => {
  let w: StaffWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it("the queue and the case carry staffOnly, and the queue its label", async () => {
    w = await startStaffWorld();
    const citizen = await w.citizen();
    await citizen.say("permohonan yg udah sy kirim kemaren alamatnya salah, mau ganti");
    await citizen.say("iya");
    const staff = await w.login();
    const queue = await staff.json<{ cases: { id: string; reason: string; staffOnly?: string }[] }>("/cases?status=open");
    expect(queue.cases.map((c) => [c.reason, c.staffOnly])).toEqual([["staff_only", "change"]]);
    const one = await staff.json<{ case: { staffOnly?: string } }>(`/cases/${queue.cases[0]!.id}`);
    expect(one.case.staffOnly).toBe("change");
    // Named as messages/id/staff.yaml words it (the console's page holds no copy: case-labels-clerk5).
    expect(queue.cases.map((c) => (c as { label?: string }).label)).toEqual(["Hanya bisa diurus petugas: Ubah data permohonan yang sudah dikirim"]);
  });
});
