import { describe, expect, it } from "vitest";
import { documentRequestQuoted, rememberDocumentRequest, REQUESTS_KEPT } from "../../src/runtime/document-requests.js";
import { createTestLoket, sendVia } from "../support/loket.js";

describe("document questions remembered for replies quoting them (SQLite)", () => {
  it("keeps a conversation's last questions only, and writes nothing for a conversation erased while its question was on its way", async () => {
    const t = await createTestLoket({ channel: "telegram", store: "sqlite" });
    try {
      const store = t.loket.store;
      const live = "telegram:5550001";
      await sendVia(t, live)({ text: "halo" });
      for (let i = 1; i <= REQUESTS_KEPT + 5; i++) await rememberDocumentRequest(store, live, String(i), i % 2 ? "ktp@f1" : "kk@f2");
      // Each with the application it was asked in; one remembered before those were (no "@"): none.
      expect(await documentRequestQuoted(store, live, String(REQUESTS_KEPT + 5))).toEqual({ doc: "ktp", form: "f1" });
      expect(await documentRequestQuoted(store, live, String(REQUESTS_KEPT + 4))).toEqual({ doc: "kk", form: "f2" });
      await rememberDocumentRequest(store, live, "old", "ktp");
      expect(await documentRequestQuoted(store, live, "old")).toEqual({ doc: "ktp" });
      // The oldest are forgotten: a reply quoting one is filed as the pending document.
      expect(await documentRequestQuoted(store, live, "5")).toBeUndefined();
      expect((await store.get<{ asks: unknown[] }>("document_requests", live))!.asks).toHaveLength(REQUESTS_KEPT);
      // "hapus data saya" ran before the channel got the question's id back: no record that retention would never find.
      const erased = "telegram:5550002";
      await rememberDocumentRequest(store, erased, "7", "ktp");
      expect(await store.get("document_requests", erased)).toBeNull();
    } finally {
      await t.close();
    }
  });

  it("a WhatsApp question remembered before 2026-12-01 (the whole serialized id) is found by the stanza id a reply now carries, also after the chat moved to its LID", async () => {
    const t = await createTestLoket({ channel: "whatsapp", store: "sqlite" });
    try {
      const store = t.loket.store;
      const conversation = "whatsapp:6281234567890@c.us";
      await sendVia(t, conversation)({ text: "halo" });
      await store.put("document_requests", conversation, { v: 1, asks: [{ m: "true_6281234567890@c.us_3EB00000000000000001", doc: "ktp", form: "f1" }] });
      expect(await documentRequestQuoted(store, conversation, "3EB00000000000000001")).toEqual({ doc: "ktp", form: "f1" });
      expect(await documentRequestQuoted(store, conversation, "3EB00000000000000002")).toBeUndefined();
      expect(await documentRequestQuoted(store, conversation, "00000000000000001")).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
