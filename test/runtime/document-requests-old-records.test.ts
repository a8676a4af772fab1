// A document question's "what it asked" carries the requirement and its application's ref
// (`ktp@<ref>`, AskedDocument) since 2026-12-01; before, the requirement alone. Records stored before
// must still be read: the remembered questions (collection document_requests, entries without
// `form`) and WhatsApp texts queued in the store (asks: a bare requirement).
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createStoreJournal } from "../../src/channels/whatsapp/journal.js";
import { createOutbox } from "../../src/channels/whatsapp/outbox.js";
import { askedDocument, documentRequestQuoted, rememberDocumentRequest, type AskedDocument } from "../../src/runtime/document-requests.js";
import { createMemoryStore } from "../../src/store/memory.js";
import { createTestLoket, sendVia } from "../support/loket.js";

describe("document questions remembered before the application's ref was kept", () => {
  it("a document_requests record of entries without form is read, and new entries go beside them in the same shape", async () => {
    const t = await createTestLoket({ channel: "telegram" });
    try {
      const store = t.loket.store;
      const conversation = "telegram:5550101";
      await sendVia(t, conversation)({ text: "halo" });
      // As stored before 2026-12-01.
      await store.put("document_requests", conversation, { v: 1, asks: [{ m: "11", doc: "ktp" }, { m: "12", doc: "nib" }] });
      expect(await documentRequestQuoted(store, conversation, "11")).toEqual({ doc: "ktp" });
      expect(await documentRequestQuoted(store, conversation, "12")).toEqual({ doc: "nib" });
      const asked: AskedDocument = askedDocument({ type: "text", text: "Mohon kirim KK", expects: { field: "kk", kind: "file", form: "f9" } })!;
      expect(asked).toBe("kk@f9");
      await rememberDocumentRequest(store, conversation, "13", asked);
      expect(await store.get("document_requests", conversation)).toEqual({ v: 1, asks: [{ m: "11", doc: "ktp" }, { m: "12", doc: "nib" }, { m: "13", doc: "kk", form: "f9" }] });
      expect(await documentRequestQuoted(store, conversation, "11")).toEqual({ doc: "ktp" });
      expect(await documentRequestQuoted(store, conversation, "13")).toEqual({ doc: "kk", form: "f9" });
    } finally {
      await t.close();
    }
  });

  it("a WhatsApp text queued with a bare requirement, sent by the next process, is remembered as asking for it", async () => {
    const store = createMemoryStore();
    const chat = "6281234567890@c.us";
    const logger = pino({ level: "silent" });
    // The process that queued it dies mid-send: the batch stays in the store as written then.
    const first = createOutbox({ send: () => new Promise(() => undefined), logger, perSecond: 1000, sleep: async () => undefined, journal: createStoreJournal(store) });
    void first.enqueue(chat, ["Mohon kirim foto KTP", "Terima kasih"], `whatsapp:${chat}`, undefined, ["ktp", null]);
    await expect.poll(async () => (await store.list<{ asks?: unknown }>("whatsapp_outbox")).map((r) => r.asks)).toEqual([["ktp", null]]);
    const remembered: AskedDocument[] = [];
    const second = createOutbox({
      send: async () => ({ id: { _serialized: "sent-1" } }),
      logger,
      perSecond: 1000,
      sleep: async () => undefined,
      journal: createStoreJournal(store),
      onAskSent: async (_batch, asked) => void remembered.push(asked),
    });
    await second.idle();
    expect(remembered).toEqual(["ktp"]);
    expect(await store.list("whatsapp_outbox")).toEqual([]);
  });
});
