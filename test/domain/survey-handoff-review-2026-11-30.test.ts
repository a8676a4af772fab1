import { afterEach, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import type { HandoffCase } from "../../src/domain/records.js";
import { conversationTopic } from "../../src/runtime/port.js";
import type { StaffActor } from "../../src/staff/index.js";
import { answerFor, completeApplication } from "../support/citizen.js";
import { createTestLoket, sendVia, textOf, type TestLoket } from "../support/loket.js";

/**
 * Review of 2026-11-30: the SKM survey, handing over to a person, and the complaint path,
 * each `it` a symptom a citizen or clerk met. Whole Loket (real flows, knowledge, messages).
 */
const officer: StaffActor = { username: "budi", role: "staff", displayName: "Budi" };
const open: TestLoket[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});
async function loketAt(iso: string): Promise<TestLoket> {
  const t = await createTestLoket({ now: () => new Date(iso) });
  open.push(t);
  return t;
}

/** What a staff action pushed to the citizen (the web channel publishes it on the bus). */
async function pushed(t: TestLoket, act: () => Promise<{ ok: boolean }>): Promise<Outbound[]> {
  const out: Outbound[] = [];
  const stop = t.loket.bus.subscribe(conversationTopic(t.conversationId), (r) => out.push(r as Outbound));
  try {
    expect((await act()).ok).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    return out;
  } finally {
    stop();
  }
}

/** The citizen asks for a person, staff take, reply and close: the survey is offered. */
async function closedCase(t: TestLoket): Promise<Outbound[]> {
  await t.say("saya mau bicara dengan petugas");
  const caseId = (await t.loket.store.peekState(t.conversationId))!.handoff!.caseId;
  await t.loket.staff.take(caseId, officer);
  await t.loket.staff.reply(caseId, officer, "Sudah kami bantu ya.");
  return pushed(t, () => t.loket.staff.close(caseId, officer));
}

describe("SKM survey", () => {
  it("a citizen who declines the survey is asked it again at once when a second one was offered meanwhile", async () => {
    const t = await loketAt("2026-11-30T03:00:00Z"); // Monday 10:00 WIB
    const { number } = await completeApplication(sendVia(t));
    expect(textOf(await closedCase(t))).toContain("Survei Kepuasan Masyarakat");
    // The application is finished before the citizen answered the first offer: a second offer.
    for (const status of ["verified", "approved"] as const) await pushed(t, () => t.loket.staff.changeStatus(number, officer, { status }));
    await pushed(t, () => t.loket.staff.changeStatus(number, officer, { status: "done" }));
    expect(textOf(await t.say("lain kali"))).toContain("terima kasih");
    // Declined: a greeting afterwards must not bring the survey back.
    const after = textOf(await t.say("halo"));
    expect(after).not.toContain("Survei Kepuasan Masyarakat");
  });

  it("a survey answer in the regulation's satisfaction words (\"sangat puas\", \"tidak puas\") is refused as no option", async () => {
    const t = await loketAt("2026-11-30T03:00:00Z");
    await closedCase(t);
    expect(textOf(await t.tap("survey.intro:yes"))).toContain("1/9");
    // PermenPANRB 14/2017 scale: 1 = tidak baik/tidak puas … 4 = sangat baik/sangat puas.
    expect(textOf(await t.say("sangat puas"))).toContain("2/9");
    expect(textOf(await t.say("tidak puas"))).toContain("3/9");
    expect(textOf(await t.say("kurang puas"))).toContain("4/9");
    for (const n of ["4", "4", "4", "4", "4"]) await t.say(n);
    expect(textOf(await t.say("3"))).toContain("Terima kasih atas penilaian");
    const surveys = await t.loket.store.list<{ answers: Record<string, number> }>("surveys");
    expect(surveys[0]?.answers).toMatchObject({ u1: 4, u2: 1, u3: 2 });
  });

  it("a survey offered while a form is open refuses the form's answer typed next as no option", async () => {
    const t = await loketAt("2026-11-30T03:00:00Z");
    await t.say("saya mau ajukan izin reklame");
    await t.tap("apply.consent:agree");
    expect(textOf(await t.say("Siti Rahmawati"))).toContain("NIK");
    // The earlier application is finished while the citizen types the NIK.
    await t.loket.runtime.mutate(t.conversationId, () => ({ engineEvent: { type: "trigger", flow: "survey", slots: { applicationNumber: "RBG-2026-000009" } } }));
    const reply = textOf(await t.say("3317014508900002"));
    expect(reply).not.toContain("Mohon pilih salah satu pilihan");
    expect(reply).toContain("Langkah 3 dari 10");
  });
});

describe("handing over to a person", () => {
  it("the wait estimate promises a reply after the office has closed for the day", async () => {
    // Monday 30 Nov 2026, 15:20 WIB: the office closes at 15:30 (knowledge/office.yaml).
    const t = await loketAt("2026-11-30T08:20:00Z");
    // Recent cases waited 30 minutes each before staff took them.
    for (let i = 0; i < 3; i++) {
      const openedAt = `2026-11-2${4 + i}T02:00:00.000Z`;
      const c: HandoffCase = {
        id: `past-${i}`,
        conversationId: `web:past-${i}`,
        channel: "web",
        reason: "citizen_asked",
        status: "closed",
        openedAt,
        updatedAt: openedAt,
        firstTakenAt: `2026-11-2${4 + i}T02:30:00.000Z`,
      };
      await t.loket.store.put("cases", c.id, c);
    }
    const reply = textOf(await t.say("saya mau bicara dengan petugas"));
    expect(reply).toContain("antrean ke-1");
    // 15:20 + 30 minutes is 15:50, after closing: no promise of a reply in 30 minutes.
    expect(reply).not.toMatch(/sekitar 30 menit/);
  });
});

describe("handing over to a person, out of hours", () => {
  it("asking again for a person at night is told staff will reply here, not that they answer only from the next opening", async () => {
    const t = await loketAt("2026-11-30T13:00:00Z"); // Monday 20:00 WIB, closed until Tuesday 08:00
    expect(textOf(await t.say("saya mau bicara dengan petugas"))).toContain("Selasa, 1 Desember");
    const again = textOf(await t.say("petugas"));
    expect(again).toContain("antrean ke-1");
    expect(again).toContain("Selasa, 1 Desember");
  });
});

describe("complaint path", () => {
  it("a complaint written in the middle of a form is answered as a wrong NIK", async () => {
    const t = await loketAt("2026-11-30T03:00:00Z");
    await t.say("saya mau ajukan izin reklame");
    await t.tap("apply.consent:agree");
    expect(textOf(await t.say("Siti Rahmawati"))).toContain("NIK");
    const reply = textOf(await t.say("saya mau komplain, petugas di loket tadi tidak sopan"));
    expect(reply).not.toContain("NIK hanya berisi angka");
    expect(reply).toContain("SP4N-LAPOR");
  });

  it("a research title or business name in complaint words is the form's answer, not a complaint", async () => {
    const t = await loketAt("2026-11-30T03:00:00Z");
    let replies = await t.say("saya mau ajukan izin penelitian");
    for (let i = 0; i < 20 && replies[replies.length - 1]?.expects?.field !== "judul_penelitian"; i++) {
      const next = answerFor(replies[replies.length - 1]);
      if (!next) break;
      replies = await sendVia(t)(next);
    }
    expect(replies[replies.length - 1]?.expects?.field).toBe("judul_penelitian");
    const reply = await t.say("Analisis Penanganan Keluhan Masyarakat terhadap Pelayanan Perizinan di DPMPTSP Kabupaten Rembang");
    expect(textOf(reply)).not.toContain("SP4N-LAPOR");
    expect(reply[reply.length - 1]?.expects?.field).toBe("lembaga");
  });

  it("a protest that an application was refused without a reason is answered with the permit's description", async () => {
    const t = await loketAt("2026-11-30T03:00:00Z");
    const reply = textOf(await t.say("kok permohonan pbg saya ditolak tanpa alasan"));
    expect(reply).not.toContain("Ketik *syarat*");
    expect(reply).toContain("SP4N-LAPOR");
  });

  it("a citizen who wants to give a suggestion (saran/masukan) is told Loket does not understand", async () => {
    // SKM element 8 asks citizens to rate "Penanganan Pengaduan, Saran dan Masukan".
    const t = await loketAt("2026-11-30T03:00:00Z");
    const reply = textOf(await t.say("saya mau memberi saran untuk pelayanan di kantor"));
    expect(reply).not.toContain("belum memahami");
  });
});

describe("withdrawing 'hapus data saya' while waiting for staff", () => {
  it("'tidak jadi' right after it withdraws the deletion, not the place in the queue; a second 'batal' leaves the queue without asking to delete", async () => {
    const t = await loketAt("2026-11-30T03:00:00Z");
    await t.say("saya mau bicara dengan petugas");
    expect(textOf(await t.say("hapus data saya"))).toContain("kami catat");
    const withdrawn = textOf(await t.say("tidak jadi"));
    expect(withdrawn).toContain("permintaan hapus data kami batalkan");
    expect(withdrawn).not.toContain("Lanjutkan?");
    const state = await t.loket.store.peekState(t.conversationId);
    expect(state?.handoff?.status).toBe("waiting");
    expect(state?.deleteRequested).toBeUndefined();
    const left = textOf(await t.say("batal"));
    expect(left).toContain("kembali dilayani asisten otomatis");
    expect(left).not.toContain("data percakapan dihapus");
  });
});
