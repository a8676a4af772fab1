import { afterEach, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { applicationRecord } from "../support/applications.js";
import type { BotApiEmulator, SentMessage } from "../support/botapi-emulator.js";
import type { TestLoket } from "../support/loket.js";
import { caseTopicOf, staffGroupWorld } from "./group-world.js";

/** Probe staff2 2026-12-02, written after the change: cases the held-out set did not look at. */
const GROUP = -1009876548888;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});
const seen = (m: SentMessage) => m.rendered ?? m.text ?? "";
const inTopic = (emu: BotApiEmulator, thread: number) => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread);
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));
async function withApplication(t: TestLoket, number: string, citizen: number): Promise<void> {
  await t.loket.store.put("applications", number, applicationRecord({ number, permit: "izin-reklame", conversationId: `telegram:${citizen}`, channel: "telegram" }));
}

describe("staff2 probe 2026-12-02", () => {
  it("P1. 'dok: gambar' (a space after the colon, the start of one id) names gambar_konstruksi", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    await withApplication(t, "RBG-2026-000901", 9901);
    const { thread } = await caseTopicOf(emu, t, GROUP, 9901);
    emu.text(GROUP, "/status rbg 2026 000901 perbaikan dok: gambar Skala gambar tidak terbaca", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<Application>("applications", "RBG-2026-000901"))?.status).toBe("needs_correction");
    const last = (await t.loket.store.get<Application>("applications", "RBG-2026-000901"))!.history.at(-1)!;
    expect(last.documents).toEqual(["gambar_konstruksi"]);
    expect(last.note).toBe("Skala gambar tidak terbaca");
    await expect.poll(() => inTopic(emu, thread).map(seen).join("\n")).toContain("Gambar konstruksi");
  }, 30_000);

  it("P2. 'dok:' with nothing usable changes nothing and says how to write it", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    await withApplication(t, "RBG-2026-000902", 9902);
    const { thread } = await caseTopicOf(emu, t, GROUP, 9902);
    const before = inTopic(emu, thread).length;
    emu.text(GROUP, "/status RBG-2026-000902 perbaikan dok:,", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => inTopic(emu, thread).length).toBeGreaterThan(before);
    await settle();
    expect(inTopic(emu, thread).slice(before).map(seen).join("\n")).toContain("dok:ktp");
    expect((await t.loket.store.get<Application>("applications", "RBG-2026-000902"))?.status).toBe("received");
  }, 30_000);

  it("P3. a console note with <script> and *stars* is posted in the topic as written", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, 9903);
    const text = "Cek <script>x</script> & *bintang* dulu";
    expect((await t.loket.staff.note(caseId, { username: "budi", role: "staff", via: "console" }, text)).ok).toBe(true);
    await expect.poll(() => inTopic(emu, thread).some((m) => seen(m).includes(text))).toBe(true);
    const post = inTopic(emu, thread).find((m) => seen(m).includes(text))!;
    expect(post.parse_mode).toBe("HTML");
    expect(post.entities ?? []).toEqual([]);
  }, 30_000);

  it("P4. the citizen's status notice copied into the topic shows the permit and number in bold", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    await withApplication(t, "RBG-2026-000904", 9904);
    const { thread } = await caseTopicOf(emu, t, GROUP, 9904);
    expect((await t.loket.staff.changeStatus("RBG-2026-000904", { username: "budi", role: "staff", via: "console" }, { status: "verified" })).ok).toBe(true);
    await expect.poll(() => inTopic(emu, thread).some((m) => seen(m).includes("RBG-2026-000904"))).toBe(true);
    const post = inTopic(emu, thread).find((m) => seen(m).includes("RBG-2026-000904"))!;
    expect(seen(post)).not.toContain("*");
    expect(post.entities).toContainEqual({ type: "bold", text: "RBG-2026-000904" });
  }, 30_000);

  it("P5. the citizen's page opened again shows its history as before: the opening as 'halo'", async () => {
    const { t } = await staffGroupWorld(cleanups, GROUP);
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    const c = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
    const auth = { authorization: `Bearer ${c.token}` };
    const res = await fetch(`${base}/api/conversations/${c.conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify({ text: "halo", opening: true, messageId: "m-1" }) });
    expect(res.status).toBe(200);
    const history = (await (await fetch(`${base}/api/conversations/${c.conversationId}/history`, { headers: auth })).json()) as { lines: { from: string; text: string }[] };
    expect(history.lines[0]).toMatchObject({ from: "citizen", text: "halo" });
    // The staff-side transcript says what it was.
    expect((await t.loket.store.transcript(`web:${c.conversationId}`))[0]!.text).toBe("(membuka obrolan di situs)");
  }, 30_000);
});
