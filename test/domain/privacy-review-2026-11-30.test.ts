import { describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { sweepRetention } from "../../src/runtime/retention.js";
import { applicationRecord } from "../support/applications.js";
import { createTestLoket, sendVia, textOf } from "../support/loket.js";

/**
 * Review of status checks and personal data, 2026-11-30: what a citizen (or the office) met.
 * Each test failed before its fix.
 */
describe("status checks and personal data (review 2026-11-30)", () => {
  it("a registration number copied with en dashes or non-breaking hyphens (a PDF receipt, a phone's keyboard) gets its status", async () => {
    const t = await createTestLoket();
    try {
      const app = applicationRecord({ number: "RBG-2026-000555", permit: "izin-reklame", conversationId: "web:owner" });
      await t.loket.store.put("applications", app.number, app);
      // In one message, as citizens paste it.
      for (const [i, number] of ["RBG–2026–000555", "RBG—2026—000555", "RBG\u20112026\u2011000555"].entries()) {
        const reply = textOf(await sendVia(t, `web:one-${i}`)({ text: `${number} 7890` }));
        expect(reply, number).toMatch(/Diterima, menunggu pemeriksaan/);
      }
      // At the number question.
      await sendVia(t, "web:two")({ text: "cek status" });
      expect(textOf(await sendVia(t, "web:two")({ text: "RBG–2026–000555" }))).toMatch(/4 angka terakhir/);
      expect(textOf(await sendVia(t, "web:two")({ text: "7890" }))).toMatch(/Diterima, menunggu pemeriksaan/);
    } finally {
      await t.close();
    }
  });

  it("the status check's questions take a number written with a full stop or a word beside it instead of calling its format wrong", async () => {
    const t = await createTestLoket();
    try {
      const app = applicationRecord({ number: "RBG-2026-000555", permit: "izin-reklame", conversationId: "web:owner" });
      await t.loket.store.put("applications", app.number, app);
      const answers: [string, string][] = [
        ["RBG-2026-000555.", "7890."],
        ["No. RBG-2026-000555", "7890 kak"],
        ["nomornya RBG-2026-000555 kak", "7890 min"],
      ];
      for (const [i, [number, last4]] of answers.entries()) {
        const id = `web:check-${i}`;
        await sendVia(t, id)({ text: "cek status" });
        const asked = textOf(await sendVia(t, id)({ text: number }));
        expect(asked, number).not.toMatch(/belum sesuai/);
        expect(asked, number).toMatch(/4 angka terakhir/);
        const found = textOf(await sendVia(t, id)({ text: last4 }));
        expect(found, last4).toMatch(/Diterima, menunggu pemeriksaan/);
      }
    } finally {
      await t.close();
    }
  });

  it('"tolong hapus data saya" (the request said politely) is understood as the erasure request, also in the middle of a form', async () => {
    const t = await createTestLoket();
    try {
      for (const [i, text] of ["tolong hapus data saya", "mohon hapus data saya", "hapus data saya min", "please delete my data"].entries()) {
        const reply = textOf(await sendVia(t, `web:ask-${i}`)({ text }));
        expect(reply, text).not.toMatch(/belum memahami/);
        expect(reply, text).toMatch(/data percakapan dihapus|conversation data/i);
      }
      // At the name question the request is not taken as the applicant's name.
      await t.say("saya mau mengajukan izin reklame");
      await t.tap("apply.consent:agree");
      expect(t.last.at(-1)?.expects?.field).toBe("nama");
      expect(textOf(await t.say("tolong hapus data saya"))).toMatch(/data percakapan dihapus/);
      // The confirmation's own button typed out (WhatsApp lists options as text) is the answer, not the request again.
      expect(textOf(await t.say("Ya, hapus data saya"))).toMatch(/sudah dihapus/);
    } finally {
      await t.close();
    }
  });

  it('after "hapus data saya" (and after retention) the handoff case records no longer hold the citizen\'s WhatsApp number', async () => {
    let clock = Date.parse("2026-11-30T02:00:00Z");
    const t = await createTestLoket({ store: "sqlite", channel: "whatsapp", now: () => new Date(clock) });
    try {
      const sari = { username: "sari", role: "admin" } as never;
      const caseOf = async (id: string) => (await t.loket.store.list<HandoffCase>("cases")).find((c) => c.conversationId === id);
      // One citizen asks for a person, is served, then has the conversation erased.
      const asked = "whatsapp:6281299998888@c.us";
      await sendVia(t, asked)({ text: "petugas" });
      const c = (await caseOf(asked))!;
      await t.loket.staff.reply(c.id, sari, "Baik, ada yang bisa dibantu?");
      await t.loket.staff.close(c.id, sari, { survey: false });
      await sendVia(t, asked)({ text: "hapus data saya" });
      expect(textOf(await sendVia(t, asked)({ choice: "delete_data.explain:yes" }))).toMatch(/sudah dihapus/);
      // Another one's conversation goes with retention.
      const quiet = "whatsapp:6281277776666@c.us";
      await sendVia(t, quiet)({ text: "petugas" });
      const q = (await caseOf(quiet))!;
      await t.loket.staff.close(q.id, sari, { survey: false });
      clock += 400 * 86_400_000;
      const swept = await sweepRetention({ store: t.loket.store, files: t.loket.files, logger: t.loket.logger, retentionDays: 365, now: () => new Date(clock) });
      expect(swept.conversations).toBeGreaterThanOrEqual(1);

      // The cases stay (the office's service record), without whose number it was.
      const cases = await t.loket.store.list<HandoffCase>("cases");
      expect(cases.map((x) => x.id).sort()).toEqual([c.id, q.id].sort());
      expect(JSON.stringify(cases)).not.toMatch(/6281299998888|6281277776666/);
    } finally {
      await t.close();
    }
  });
});

describe("WhatsApp texts of an erased conversation (review 2026-11-30)", () => {
  it('texts still waiting in the WhatsApp outbox when "hapus data saya" drops them are not sent afterwards', async () => {
    const { createStoreJournal, dropOutboxRows } = await import("../../src/channels/whatsapp/journal.js");
    const { createOutbox } = await import("../../src/channels/whatsapp/outbox.js");
    const { createMemoryStore } = await import("../../src/store/memory.js");
    const pino = (await import("pino")).default;
    const store = createMemoryStore();
    const chat = "6281299998888@c.us";
    const conversationId = `whatsapp:${chat}`;
    const sent: string[] = [];
    // WhatsApp Web is not ready yet (reconnecting): the texts wait in the outbox.
    let connected = false;
    const outbox = createOutbox({
      send: async (_chat, text) => void sent.push(text),
      logger: pino({ level: "silent" }),
      perSecond: 1000,
      sleep: async () => undefined,
      connected: () => connected,
      journal: createStoreJournal(store),
    });
    const queued = outbox.enqueue(chat, ["Petugas Sari: NIK Ibu 3317014508900002 belum cocok", "Mohon kirim ulang KTP"], conversationId);
    await expect.poll(async () => (await store.list("whatsapp_outbox")).length).toBe(1);
    // The citizen's "hapus data saya" is processed (eraseConversation drops the conversation's texts).
    expect(await dropOutboxRows(store, { now: new Date(), conversationId })).toBe(1);
    connected = true;
    await queued.catch(() => undefined);
    await outbox.idle();
    outbox.close();
    expect(sent).toEqual([]);
    expect(await store.list("whatsapp_outbox")).toEqual([]);
  });
});

describe("Telegram pushes of an erased conversation (review 2026-11-30)", () => {
  it('a staff reply stored for the Telegram instance (it was restarting) is dropped by "hapus data saya", not sent after the erasure', async () => {
    const { createTelegramKeeper } = await import("../../src/channels/telegram/pending.js");
    const t = await createTestLoket({ channel: "telegram" });
    try {
      const citizen = "telegram:987654321";
      const other = "telegram:123123123";
      // Made on an instance without the Telegram channel while the Telegram instance was away.
      const keep = createTelegramKeeper(t.loket.store);
      await keep({ conversationId: citizen, address: "987654321" }, [{ type: "text", text: "Petugas Sari: NIK Ibu 3317014508900002 belum cocok" }]);
      await keep({ conversationId: other, address: "123123123" }, [{ type: "text", text: "Petugas Sari: baik" }]);
      await sendVia(t, citizen)({ text: "hapus data saya" });
      expect(textOf(await sendVia(t, citizen)({ choice: "delete_data.explain:yes" }))).toMatch(/sudah dihapus/);
      const left = await t.loket.store.list<{ conversationId: string }>("telegram_pending");
      expect(left.map((r) => r.conversationId)).toEqual([other]);
    } finally {
      await t.close();
    }
  });
});
