import { afterEach, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import type { Application, ApplicationStatus } from "../../src/domain/records.js";
import { indexPut } from "../../src/runtime/applications.js";
import { conversationTopic } from "../../src/runtime/port.js";
import type { StaffActor } from "../../src/staff/index.js";
import { applicationRecord } from "../support/applications.js";
import { createTestLoket, fixtures, textOf, type TestLoket } from "../support/loket.js";

const budi: StaffActor = { username: "budi", role: "staff", displayName: "Budi" };

/** A submitted izin reklame of this conversation, indexed as the runtime indexes it. */
async function submitted(t: TestLoket, number: string): Promise<void> {
  const sha256 = await t.loket.files.put(fixtures.png);
  const doc = { sha256, mime: "image/png" as const, size: fixtures.png.length };
  const app = applicationRecord({ number, permit: "izin-reklame", conversationId: t.conversationId, fields: { nama: "Siti" }, documents: { ktp: doc, foto_lokasi: doc } });
  const idx = await indexPut(t.loket.store, t.conversationId, number);
  await t.loket.store.put("applications", number, app);
  await t.loket.store.put(idx.collection, idx.key, idx.value);
}

async function setStatus(t: TestLoket, number: string, change: { status: ApplicationStatus; note?: string; documents?: string[] }): Promise<string> {
  const pushed: Outbound[] = [];
  const stop = t.loket.bus.subscribe(conversationTopic(t.conversationId), (r) => pushed.push(r as Outbound));
  const r = await t.loket.staff.changeStatus(number, budi, change);
  await new Promise((resolve) => setTimeout(resolve, 20));
  stop();
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return textOf(pushed);
}

let t: TestLoket | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("lifecycle review 2026-11-30b", () => {
  it("two applications waiting for corrections: after the first is sent, the bot asks for the other one's document before taking a file for it", async () => {
    t = await createTestLoket();
    await t.say("halo");
    await submitted(t, "RBG-2026-000801");
    await submitted(t, "RBG-2026-000802");
    await setStatus(t, "RBG-2026-000801", { status: "needs_correction", note: "KTP buram", documents: ["ktp"] });
    await setStatus(t, "RBG-2026-000802", { status: "needs_correction", note: "Foto gelap", documents: ["foto_lokasi"] });
    // The last request asked for the location photo of 000802: the citizen sends it.
    const first = textOf(await t.upload(fixtures.png, "foto.png"));
    expect(first).toContain("RBG-2026-000802");
    // The KTP of 000801 is still owed: the citizen must be told so, with its number, before the next file is taken for it.
    expect(first, "the other request is not asked for again").toContain("RBG-2026-000801");
    expect(first).toContain("KTP pemohon");
    expect(t.last.at(-1)?.expects?.kind).toBe("file");
    const second = textOf(await t.upload(fixtures.png, "ktp.png"));
    expect(second).toContain("Dokumen perbaikan untuk *RBG-2026-000801*");
  });

  it("a refused application then closed (rejected -> done) is not announced or shown as if it were granted", async () => {
    t = await createTestLoket();
    await t.say("halo");
    const n = "RBG-2026-000810";
    await submitted(t, n);
    await setStatus(t, n, { status: "rejected", note: "Lokasi di zona hijau" });
    const closed = await setStatus(t, n, { status: "done" });
    // The "done" notice of a granted permit ("✅ ... sudah selesai") would read as good news.
    expect(closed).toContain(n);
    expect(closed).not.toContain("✅");
    expect(closed).toMatch(/tidak (dapat )?disetujui/);
    // From the chat that applied: answered without the phone's digits.
    const check = textOf(await t.say(`cek status ${n}`));
    expect(check).toMatch(/tidak (dapat )?disetujui|ditolak/i);
    expect(check, "the reason of the refusal is lost once the file is closed").toContain("Lokasi di zona hijau");
  });

  it("the status check tells the citizen what happens next and how long the permit takes, not a bare label", async () => {
    t = await createTestLoket();
    await t.say("halo");
    const n = "RBG-2026-000820";
    await submitted(t, n);
    const duration = t.loket.knowledge.permit("izin-reklame")!.duration.text;
    const check = async () => {
      // From the chat that applied: answered without the phone's digits.
      return textOf(await t!.say(`cek status ${n}`));
    };
    const received = await check();
    expect(received).toContain("Langkah berikutnya");
    expect(received).toContain(duration);
    await setStatus(t, n, { status: "verified" });
    expect(await check()).toContain(duration);
    // A correction of data (no document named): how to send it, as the notice said.
    await setStatus(t, n, { status: "needs_correction", note: "Ukuran reklame tidak sesuai" });
    expect(await check()).toContain("ketik *petugas*");
    await setStatus(t, n, { status: "verified" });
    await setStatus(t, n, { status: "approved" });
    expect(await check()).toContain("Langkah berikutnya");
  });

  it("a document request replaced by a correction of data is no longer asked for", async () => {
    t = await createTestLoket();
    await t.say("halo");
    const n = "RBG-2026-000830";
    await submitted(t, n);
    await setStatus(t, n, { status: "needs_correction", note: "KTP buram", documents: ["ktp"] });
    // Staff ticked the wrong box: no document is wanted, only the NIK typed correctly.
    await setStatus(t, n, { status: "needs_correction", note: "Maaf, KTP sudah jelas; NIK salah ketik" });
    const next = textOf(await t.say("halo"));
    expect(next, "the replaced request still asks for the KTP").not.toContain("KTP pemohon");
    // The correction of data asked instead (since 2026-12-05 the citizen's reply goes to staff).
    expect(next).toContain("data yang benar");
    const state = await t.loket.store.peekState(t.conversationId);
    expect(state?.engine.stack.filter((f) => f.flow === "correction").map((f) => [f.slots.kind, f.slots.documents])).toEqual([["data", []]]);
  });
});
