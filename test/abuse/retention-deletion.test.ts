import { describe, expect, it } from "vitest";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import { sweepRetention } from "../../src/runtime/retention.js";
import { answerFor, completeApplication, type CitizenInput } from "../support/citizen.js";
import { fixtures } from "../support/fixtures.js";
import { createTestLoket, sendVia, textOf } from "../support/loket.js";

/** Starts an application in `conversationId` and answers until the first document is asked for. */
/** Takes a billboard application to its first document question; returns the file a citizen sends there (answerFor's). */
async function toFirstUpload(t: Awaited<ReturnType<typeof createTestLoket>>, conversationId: string): Promise<CitizenInput> {
  let replies = await sendVia(t, conversationId)({ text: "saya mau mengajukan izin reklame" });
  for (let turn = 0; replies.at(-1)?.expects?.kind !== "file"; turn++) {
    const next = answerFor(replies[replies.length - 1]);
    if (!next || "file" in next || turn > 60) throw new Error("the application never asked for a document");
    replies = await sendVia(t, conversationId)(next);
  }
  return answerFor(replies[replies.length - 1])!;
}

describe("retention and deletion of personal data", () => {
  it("erases transcripts and documents of cases closed longer ago than RETENTION_DAYS, keeping application documents", async () => {
    let clock = Date.parse("2026-11-30T02:00:00Z");
    const t = await createTestLoket({ now: () => new Date(clock), env: { RETENTION_DAYS: "30" } });
    try {
      const { number } = await completeApplication(sendVia(t));
      await t.say("petugas");
      await t.upload(fixtures.png, "foto-ktp.png"); // sent to staff during the handoff
      const c = (await t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === t.conversationId)!;
      await t.loket.staff.close(c.id, { username: "sari", role: "admin" } as never, { survey: false });
      const app = (await t.loket.store.get<Application>("applications", number))!;
      const appDoc = Object.values(app.documents)[0]!.sha256;
      const handoffDoc = (await t.loket.store.transcript(t.conversationId)).find((l) => l.document?.mime === "image/png")!.document!.sha256;
      const deps = { store: t.loket.store, files: t.loket.files, logger: t.loket.logger, retentionDays: 30, now: () => new Date(clock) };

      clock += 29 * 86_400_000;
      expect(await sweepRetention(deps)).toEqual({ conversations: 0, documents: 0 });
      expect((await t.loket.store.transcript(t.conversationId)).length).toBeGreaterThan(0);

      clock += 2 * 86_400_000;
      const swept = await sweepRetention(deps);
      expect(swept.conversations).toBe(1);
      expect(await t.loket.store.transcript(t.conversationId)).toEqual([]);
      expect(await t.loket.files.get(handoffDoc)).toBeNull();
      expect(await t.loket.files.get(appDoc)).not.toBeNull();
      expect(await t.loket.store.get("applications", number)).not.toBeNull();
    } finally {
      await t.close();
    }
  });

  it("erases conversations without a case once quiet for RETENTION_DAYS (an abandoned application's KTP too); recent ones and open cases stay", async () => {
    let clock = Date.parse("2026-11-30T02:00:00Z");
    const day = 86_400_000;
    const t = await createTestLoket({ now: () => new Date(clock), env: { RETENTION_DAYS: "30" } });
    try {
      // Day 0: an application abandoned after its first document; a question; a handoff closed at
      // once (the citizen writes again on day 20); a handoff nobody closes.
      await toFirstUpload(t, t.conversationId);
      await sendVia(t)({ file: fixtures.pdf, filename: "ktp.pdf" });
      const ktp = (await t.loket.store.transcript(t.conversationId)).find((l) => l.document)!.document!.sha256;
      await sendVia(t, "web:question")({ text: "syarat pbg apa saja" });
      for (const id of ["web:closed", "web:open", "web:returned"]) await sendVia(t, id)({ text: "petugas" });
      const cases = await t.loket.store.list<HandoffCase>("cases");
      const closed = cases.find((c) => c.conversationId === "web:closed")!;
      await t.loket.staff.close(closed.id, { username: "sari", role: "admin" } as never, { survey: false });
      // A case given back to the bot is finished too: it cannot be closed afterwards.
      const returned = cases.find((c) => c.conversationId === "web:returned")!;
      const sari = { username: "sari", role: "admin" } as never;
      expect((await t.loket.staff.take(returned.id, sari)).ok).toBe(true);
      expect((await t.loket.staff.giveBack(returned.id, sari)).ok).toBe(true);
      clock += 20 * day;
      await sendVia(t, "web:closed")({ text: "terima kasih" });
      await sendVia(t, "web:recent")({ text: "jam buka kantor" });
      const deps = { store: t.loket.store, files: t.loket.files, logger: t.loket.logger, retentionDays: 30, now: () => new Date(clock) };
      const kept = async (id: string) => (await t.loket.store.transcript(id)).length > 0;

      clock += 9 * day; // day 29
      expect(await sweepRetention(deps)).toEqual({ conversations: 0, documents: 0 });

      clock += 2 * day; // day 31
      expect(await sweepRetention(deps)).toEqual({ conversations: 3, documents: 1 });
      expect(await kept("web:returned")).toBe(false);
      expect(await kept(t.conversationId)).toBe(false);
      expect(await t.loket.store.peekState(t.conversationId)).toBeNull();
      expect(await t.loket.files.get(ktp)).toBeNull();
      expect(await kept("web:question")).toBe(false);
      for (const id of ["web:closed", "web:open", "web:recent"]) expect(await kept(id)).toBe(true);

      clock += 20 * day; // day 51: 31 days after the citizen's last message to the closed case
      expect(await sweepRetention(deps)).toEqual({ conversations: 2, documents: 0 });
      expect(await kept("web:closed")).toBe(false);
      expect(await kept("web:recent")).toBe(false);
      expect(await kept("web:open")).toBe(true); // a case still waiting for staff keeps its conversation
    } finally {
      await t.close();
    }
  });

  it('"hapus data saya" erases the conversation and its loose documents, keeps submitted applications and says which', async () => {
    const t = await createTestLoket();
    try {
      const { number } = await completeApplication(sendVia(t));
      await t.say("saya mau ajukan izin reklame");
      const reply = await t.say("hapus data saya");
      expect(textOf(reply)).toMatch(/wajib disimpan/);
      const done = textOf(await t.tap("delete_data.explain:yes"));
      expect(done).toContain(number);
      expect(done).toMatch(/sudah dihapus/);
      expect(await t.loket.store.transcript(t.conversationId)).toEqual([]);
      expect(await t.loket.store.peekState(t.conversationId)).toBeNull();
      expect(await t.loket.store.get("applications", number)).not.toBeNull();
      // The citizen can start again afresh.
      expect(textOf(await t.say("halo"))).toMatch(/Selamat datang/);
    } finally {
      await t.close();
    }
  });
  it("a document two conversations sent, or an application lists, stays until nothing needs it", async () => {
    let clock = Date.parse("2026-11-30T02:00:00Z");
    const day = 86_400_000;
    const t = await createTestLoket({ now: () => new Date(clock), env: { RETENTION_DAYS: "30" } });
    try {
      // The citizen applies on one channel, then sends the same KTP scan from two other chats.
      const { number } = await completeApplication(sendVia(t));
      const app = (await t.loket.store.get<Application>("applications", number))!;
      const appDoc = Object.values(app.documents)[0]!.sha256;
      const appBytes = (await t.loket.files.get(appDoc))!;
      const erase = async (id: string) => {
        await sendVia(t, id)({ text: "hapus data saya" });
        expect(textOf(await sendVia(t, id)({ choice: "delete_data.explain:yes" }))).toMatch(/sudah dihapus/);
      };
      await toFirstUpload(t, "web:second");
      await sendVia(t, "web:second")({ file: appBytes, filename: "ktp.jpg" });
      await sendVia(t, "web:second")({ file: fixtures.png, filename: "foto.png" });
      await toFirstUpload(t, "web:third");
      await sendVia(t, "web:third")({ file: fixtures.png, filename: "foto.png" });
      const shared = (await t.loket.store.transcript("web:third")).find((l) => l.document)!.document!.sha256;

      // Erasing a conversation leaves the application's document and the one the third chat holds.
      await erase("web:second");
      expect(await t.loket.store.transcript("web:second")).toEqual([]);
      expect(await t.loket.files.get(appDoc)).not.toBeNull();
      expect(await t.loket.files.get(shared)).not.toBeNull();
      expect((await t.loket.store.transcript("web:third")).some((l) => l.document?.sha256 === shared)).toBe(true);

      // Retention takes the third chat once quiet, and the file with it: nobody else needs it now.
      const deps = { store: t.loket.store, files: t.loket.files, logger: t.loket.logger, retentionDays: 30, now: () => new Date(clock) };
      clock += 10 * day;
      await sendVia(t, t.conversationId)({ text: "halo" }); // the applicant stays active
      clock += 21 * day;
      expect(await sweepRetention(deps)).toEqual({ conversations: 1, documents: 1 });
      expect(await t.loket.files.get(shared)).toBeNull();
      expect(await t.loket.files.get(appDoc)).not.toBeNull();
      // Only the applicant's records of its uploads are left.
      const refs = await t.loket.store.list<{ conversationId: string }>("document_refs");
      expect(refs.length).toBeGreaterThan(0);
      expect(refs.every((r) => r.conversationId === t.conversationId)).toBe(true);
    } finally {
      await t.close();
    }
  });

  it("a document another chat sends and submits while the sweep runs stays with its application", async () => {
    let clock = Date.parse("2026-11-30T02:00:00Z");
    const day = 86_400_000;
    const t = await createTestLoket({ now: () => new Date(clock), env: { RETENTION_DAYS: "30" } });
    try {
      // Day 0: a chat sends a KTP scan and goes quiet.
      // The very file the other citizen's application sends at that question (the same scan).
      await sendVia(t, "web:old")(await toFirstUpload(t, "web:old"));
      const sha = (await t.loket.store.transcript("web:old")).find((l) => l.document)!.document!.sha256;
      clock += 31 * day;
      // While the sweep erases that chat, another citizen sends the same scan and submits it.
      let submitted: string | undefined;
      const store = new Proxy(t.loket.store, {
        get(target, prop, receiver) {
          if (prop !== "deleteConversation") return Reflect.get(target, prop, receiver) as unknown;
          return async (id: string) => {
            await target.deleteConversation(id);
            if (!submitted) submitted = (await completeApplication(sendVia(t, "web:new"))).number;
          };
        },
      });
      const swept = await sweepRetention({ store, files: t.loket.files, logger: t.loket.logger, retentionDays: 30, now: () => new Date(clock) });
      expect(swept.conversations).toBe(1);
      const app = (await t.loket.store.get<Application>("applications", submitted!))!;
      expect(Object.values(app.documents).map((d) => d.sha256)).toContain(sha);
      expect(await t.loket.files.get(sha)).not.toBeNull();
    } finally {
      await t.close();
    }
  });

  it("a document nobody asked for (before any form, before consent) is answered but not kept", async () => {
    const t = await createTestLoket();
    try {
      const id = "whatsapp:6281234500002@c.us";
      const reply = textOf(await sendVia(t, id)({ file: fixtures.png, filename: "ktp.png" }));
      expect(reply).toMatch(/File ini belum kami simpan/);
      const line = (await t.loket.store.transcript(id)).find((l) => l.from === "citizen")!;
      expect(line.document).toBeUndefined();
      expect(line.text).toMatch(/tidak disimpan/);
      expect(await t.loket.store.list("document_refs")).toEqual([]);
      const sha = (await import("node:crypto")).createHash("sha256").update(fixtures.png).digest("hex");
      expect(await t.loket.files.get(sha)).toBeNull();
      // The same file where a form asks for it is kept.
      await toFirstUpload(t, id);
      await sendVia(t, id)({ file: fixtures.png, filename: "ktp.png" });
      expect(await t.loket.files.get(sha)).not.toBeNull();
      expect((await t.loket.store.list<{ sha256: string }>("document_refs")).map((r) => r.sha256)).toEqual([sha]);
    } finally {
      await t.close();
    }
  });
});
