import { describe, expect, it } from "vitest";
import type { HandoffCase, TranscriptEntry } from "../../src/domain/records.js";
import { createTestLoket, sendVia, textOf } from "../support/loket.js";

/**
 * Review of the subject's rights under UU 27/2022 (PDP), 2026-11-30: what a citizen (or staff) met.
 * Each test failed before its fix.
 */
describe("personal data rights (UU PDP review 2026-11-30d)", () => {
  const indonesian = [
    "data saya dipakai buat apa?",
    "siapa yang bisa lihat data saya?",
    "data apa saja yang disimpan tentang saya?",
    "minta salinan data saya",
    "NIK saya salah di permohonan kemarin, mau ganti",
    "saya tarik persetujuan saya",
    "jangan proses data saya dulu",
    "berapa lama data saya disimpan?",
    "kebijakan privasi",
  ];
  const english = [
    "what is my data used for?",
    "who can see my data?",
    "what data do you keep about me?",
    "I want a copy of my data",
    "I withdraw my consent",
    "stop processing my data",
    "how long is my data kept?",
    "where is your privacy policy?",
  ];

  it("a citizen asking about their personal data (use, who sees it, copy, correction, withdrawal, restriction, retention) is told, not 'belum memahami'", async () => {
    const t = await createTestLoket();
    try {
      for (const [i, text] of indonesian.entries()) {
        const reply = textOf(await sendVia(t, `web:id-${i}`)({ text }));
        expect(reply, text).not.toMatch(/belum memahami|Bidan/);
        // Who the controller is, purpose and basis, who sees it, how long, and each right with how to use it.
        expect(reply, text).toMatch(/Pengendali data: DPMPTSP Kab\. Rembang/);
        expect(reply, text).toMatch(/UU 27\/2022/);
        expect(reply, text).toMatch(/365 hari/);
        expect(reply, text).toMatch(/salinan/);
        expect(reply, text).toMatch(/perbaik/);
        expect(reply, text).toMatch(/menarik persetujuan/);
        expect(reply, text).toMatch(/dihentikan/);
        expect(reply, text).toMatch(/hapus data saya/);
      }
      for (const [i, text] of english.entries()) {
        const reply = textOf(await sendVia(t, `web:en-${i}`)({ text }));
        expect(reply, text).not.toMatch(/did not understand|belum memahami|Which permit/);
        expect(reply, text).toMatch(/Data controller: DPMPTSP Kab\. Rembang/);
        expect(reply, text).toMatch(/copy/);
        expect(reply, text).toMatch(/withdraw/);
        expect(reply, text).toMatch(/delete my data/);
      }
    } finally {
      await t.close();
    }
  });

  it("asked in the middle of a form, the personal-data answer comes and the form waits where it was", async () => {
    const t = await createTestLoket();
    try {
      await t.say("saya mau mengajukan izin reklame");
      await t.tap("apply.consent:agree");
      await t.say("Sari Wulandari");
      expect(t.last.at(-1)?.expects?.field).toBe("nik");
      const reply = textOf(await t.say("data saya dipakai buat apa?"));
      expect(reply).toMatch(/Pengendali data/);
      // The citizen just answers the form: the NIK is taken.
      await t.say("3317014508900002");
      expect(t.last.at(-1)?.expects?.field).toBe("hp");
      // Withdrawing consent said at a free-text question is no answer to it (before: stored as the name).
      const other = sendVia(t, "web:name");
      await other({ text: "saya mau mengajukan izin reklame" });
      await other({ choice: "apply.consent:agree" });
      expect(textOf(await other({ text: "saya tarik persetujuan saya" }))).toMatch(/menarik persetujuan/);
      const back = await other({ choice: "privacy.offer:done" });
      expect(textOf(back)).toMatch(/Baik, Bapak\/Ibu/);
      expect(back.at(-1)?.expects?.field).toBe("nama");
    } finally {
      await t.close();
    }
  });

  it("a research title about personal data at a free-text question is the answer, not a question about the citizen's data", async () => {
    const t = await createTestLoket();
    try {
      await t.say("saya mau mengajukan izin reklame");
      await t.tap("apply.consent:agree");
      expect(t.last.at(-1)?.expects?.field).toBe("nama");
      await t.say("Data Pribadi Sentosa");
      expect(t.last.at(-1)?.expects?.field).toBe("nik");
    } finally {
      await t.close();
    }
  });

  it("the consent question names the controller and every right with how to use it, not only deletion", async () => {
    const t = await createTestLoket();
    try {
      const consent = textOf(await t.say("saya mau mengajukan izin reklame"));
      expect(consent).toMatch(/Pengendali data: DPMPTSP Kab\. Rembang/);
      expect(consent).toMatch(/salinan/);
      expect(consent).toMatch(/perbaik/);
      expect(consent).toMatch(/menarik persetujuan/);
      expect(consent).toMatch(/\*data pribadi\*/);
      // The word the consent names leads to that answer.
      expect(textOf(await sendVia(t, "web:other")({ text: "data pribadi" }))).toMatch(/Pengendali data/);
      const en = textOf(await sendVia(t, "web:en")({ text: "I want to apply for a billboard permit" }));
      expect(en).toMatch(/Data controller: DPMPTSP Kab\. Rembang/);
      expect(en).toMatch(/\*privacy\*/);
    } finally {
      await t.close();
    }
  });

  it("a citizen who withdraws consent or asks to stop processing reaches staff on a case staff see is about personal data", async () => {
    const t = await createTestLoket();
    try {
      await t.say("saya tarik persetujuan saya");
      await t.tap("privacy.offer:staff");
      expect(textOf(t.last)).toMatch(/antrean/);
      const cases = await t.loket.store.list<HandoffCase>("cases");
      expect(cases.map((c) => c.reason)).toEqual(["privacy"]);
    } finally {
      await t.close();
    }
  });

  it("staff holding a case are told when the citizen asks for deletion, and that it waits until the case is given back", async () => {
    const t = await createTestLoket();
    try {
      await t.say("petugas");
      const c = (await t.loket.store.list<HandoffCase>("cases"))[0]!;
      await t.loket.staff.take(c.id, { username: "sari", role: "staff" } as never);
      expect(textOf(await t.say("hapus data saya"))).toMatch(/kami catat/);
      const lines = await t.loket.store.transcript(t.conversationId);
      const notice = lines.find((l: TranscriptEntry) => l.from === "system" && l.internal);
      expect(notice?.text).toMatch(/hapus data/i);
      expect(notice?.text).toMatch(/dikembalikan|ditutup/);
    } finally {
      await t.close();
    }
  });

  it('"hapus data saya" tells the citizen what stays besides submitted applications: the record that staff served them', async () => {
    const t = await createTestLoket();
    try {
      await t.say("petugas");
      const c = (await t.loket.store.list<HandoffCase>("cases"))[0]!;
      await t.loket.staff.close(c.id, { username: "sari", role: "admin" } as never, { survey: false });
      expect(textOf(await t.say("hapus data saya"))).toMatch(/dilayani petugas.*tetap disimpan/);
      await t.tap("delete_data.explain:yes");
      // True to what is done: the case stays, under no number of the citizen's.
      const cases = await t.loket.store.list<HandoffCase>("cases");
      expect(cases.map((x) => x.id)).toEqual([c.id]);
      expect(cases[0]!.conversationId).toMatch(/^erased:/);
      await sendVia(t, "web:en")({ text: "english please" });
      expect(textOf(await sendVia(t, "web:en")({ text: "delete my data" }))).toMatch(/record of that service .* is kept/);
    } finally {
      await t.close();
    }
  });
});
