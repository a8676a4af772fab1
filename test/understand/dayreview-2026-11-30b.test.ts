import { afterEach, describe, expect, it } from "vitest";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";
import { askingField, openFormUntil } from "../support/forms.js";

/** New cue words of 2026-11-30 (fresh17) against what citizens write in a form (day review, second round). */
describe("day review 2026-11-30b: understanding cues vs form answers", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("a research place 'Wawancara dengan pegawai Dinas Kesehatan' at 'Lokasi / instansi tujuan penelitian' is the answer, not a request for staff", async () => {
    t = await createTestLoket({ store: "sqlite" });
    await openFormUntil(t, "saya mau ajukan izin penelitian", "lokasi_penelitian");
    const answer = "Wawancara dengan pegawai Dinas Kesehatan Kabupaten Rembang";
    const reply = textOf(await t.say(answer));
    expect(reply).not.toMatch(/antrean/i);
    expect(askingField(t)).toBe("tanggal_mulai");
    expect(JSON.stringify(await t.loket.store.peekState(t.conversationId))).toContain(answer);
  });

  it("'usaha katering dengan pegawai 6 orang, perlu izin apa?' is a question, not a request for staff", async () => {
    t = await createTestLoket({ store: "sqlite" });
    const reply = textOf(await t.say("saya punya usaha katering dengan pegawai 6 orang, perlu izin apa?"));
    expect(reply).not.toMatch(/antrean/i);
  });
  it("in a SIP conversation, 'rekomendasi tempat praktik dari puskesmas perlu?' is about the permit, not out of scope (fresh17's cafe cue 'rekomendasi tempat')", async () => {
    t = await createTestLoket({ store: "sqlite" });
    await t.say("syarat sip bidan apa saja");
    const reply = textOf(await t.say("rekomendasi tempat praktik dari puskesmas perlu?"));
    expect(reply).not.toMatch(/di luar|hanya bisa membantu|belum memahami/i);
    expect(reply).toMatch(/bidan/i);
  });
  it("'saya berstatus PNS, boleh buka praktik bidan?' is a question about the permit, not a status check asking for a registration number (fresh16's cue 'berstatus')", async () => {
    t = await createTestLoket({ store: "sqlite" });
    const reply = textOf(await t.say("saya berstatus PNS, boleh buka praktik bidan?"));
    expect(reply).not.toMatch(/nomor registrasi/i);
  });
});
