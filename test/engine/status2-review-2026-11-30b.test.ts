import { describe, expect, it } from "vitest";
import { applicationRecord } from "../support/applications.js";
import { createTestLoket, textOf } from "../support/loket.js";

describe("status2 review 2026-11-30b", () => {
  it("after the status answer on another channel than the one applied on, 'kapan selesai?' and 'kenapa lama ya?' get the permit's processing time, not 'belum memahami'", async () => {
    const t = await createTestLoket({});
    try {
      const app = applicationRecord({ number: "RBG-2026-000555", permit: "izin-reklame", conversationId: "web:applied-here" });
      await t.loket.store.put("applications", app.number, app);
      const say = async (text: string) => textOf(await t.loket.runtime.handle({ channel: "telegram", conversationId: "telegram:42", text }));
      expect(await say("permohonan saya RBG-2026-000555 sudah sampai mana? hp 7890")).toMatch(/Diterima/);
      for (const q of ["kapan selesai?", "kenapa lama ya?"]) {
        const a = await say(q);
        expect(a, q).toMatch(/Lama proses/);
        expect(a, q).not.toMatch(/belum memahami/);
      }
    } finally {
      await t.close();
    }
  });
});
