import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { applicationRecord } from "../support/applications.js";
import { createTestLoket, sendVia, textOf } from "../support/loket.js";
import { officeDaysKnowledge } from "../support/office-days.js";

/**
 * "RBG-2026-000601 sudah sampai mana?" The status reply gave the status and the permit's
 * processing time ("5 hari kerja"), but the citizen had to count the working days themselves. It
 * now gives an expected completion date: the submission (or the day staff verified a corrected
 * application) plus the permit's working days, skipping weekends and the holidays in
 * knowledge/office.yaml, in the office's time (WIB); and says so honestly once that date is past.
 * Since round "regions" (2026-12-03) the shipped reklame file has no time of this office (its 5
 * was another region's): these checks run on a knowledge copy where the office wrote its own 5.
 */
describe("status check gives an expected completion date (review 2026-11-30c)", () => {
  const wib = (local: string) => new Date(`${local}+07:00`);
  const own = officeDaysKnowledge({ "izin-reklame": 5 });
  afterAll(() => rmSync(own.root, { recursive: true, force: true }));

  async function check(now: Date, app: Application, text = `${app.number} 7890 sudah sampai mana?`): Promise<string> {
    const t = await createTestLoket({ now: () => now, env: { KNOWLEDGE_DIR: own.knowledgeDir } });
    try {
      await t.loket.store.put("applications", app.number, app);
      return textOf(await sendVia(t, "web:asker")({ text }));
    } finally {
      await t.close();
    }
  }
  const reklame = (a: Partial<Application>) => applicationRecord({ number: "RBG-2026-000601", permit: "izin-reklame", conversationId: "web:owner", ...a });
  const submitted = (at: Date) => ({ submittedAt: at.toISOString(), updatedAt: at.toISOString(), history: [{ status: "received" as const, at: at.toISOString(), by: "loket" }] });

  it("counts the permit's working days from the submission, skipping the weekend", async () => {
    // izin-reklame: 5 working days. Submitted Friday 4 December: Mon 7 ... Fri 11.
    const reply = await check(wib("2026-12-07T09:00:00"), reklame(submitted(wib("2026-12-04T10:00:00"))));
    expect(reply).toMatch(/Perkiraan selesai: \*Jumat, 11 Desember 2026\*/);
    expect(reply).not.toMatch(/melewati/);
  });

  it("skips the office's holidays and counts from the day in WIB, not UTC", async () => {
    // 01:00 WIB on Thursday 24 December is still the 23rd in UTC. 25 December and 1 January are
    // holidays: 28, 29, 30, 31 December, 4 January.
    const reply = await check(wib("2026-12-24T08:00:00"), reklame(submitted(wib("2026-12-24T01:00:00"))), "kapan selesai RBG-2026-000601 7890");
    expect(reply).toMatch(/Perkiraan selesai: \*Senin, 4 Januari 2027\*/);
  });

  it("after a correction, counts from the day staff verified the complete application", async () => {
    const at = (s: string) => wib(s).toISOString();
    const app = reklame({
      status: "verified",
      submittedAt: at("2026-12-01T09:00:00"),
      updatedAt: at("2026-12-07T10:00:00"),
      history: [
        { status: "received", at: at("2026-12-01T09:00:00"), by: "loket" },
        { status: "needs_correction", at: at("2026-12-02T09:00:00"), by: "budi", note: "Foto KTP buram", documents: ["ktp"] },
        { status: "needs_correction", at: at("2026-12-03T09:00:00"), by: "citizen", note: "dokumen perbaikan dikirim" },
        { status: "verified", at: at("2026-12-07T10:00:00"), by: "budi" },
      ],
    });
    expect(await check(wib("2026-12-08T09:00:00"), app)).toMatch(/Perkiraan selesai: \*Senin, 14 Desember 2026\*/);
  });

  it("says honestly when the expected date has passed, and who to ask", async () => {
    const reply = await check(wib("2026-12-15T09:00:00"), reklame(submitted(wib("2026-12-04T10:00:00"))));
    expect(reply).toMatch(/Jumat, 11 Desember 2026/);
    expect(reply).toMatch(/sudah melewati perkiraan/);
    expect(reply).toMatch(/petugas/);
    // On the expected day itself it is not late yet.
    expect(await check(wib("2026-12-11T15:00:00"), reklame(submitted(wib("2026-12-04T10:00:00"))))).not.toMatch(/melewati/);
  });

  it("gives no date once decided, while waiting for the citizen's correction, or without working days in the permit", async () => {
    const base = submitted(wib("2026-12-04T10:00:00"));
    for (const status of ["done", "rejected", "needs_correction"] as const) {
      const app = reklame({ ...base, status, history: [...base.history, { status, at: wib("2026-12-05T10:00:00").toISOString(), by: "budi", note: "alasan" }] });
      expect(await check(wib("2026-12-07T09:00:00"), app), status).not.toMatch(/Perkiraan selesai/);
    }
    // nib: working_days 0 (issued at once by OSS); iutm, izin-apotek: no working days of this office.
    for (const permit of ["nib", "iutm", "izin-apotek"]) {
      expect(await check(wib("2026-12-07T09:00:00"), reklame({ ...base, permit })), permit).not.toMatch(/Perkiraan selesai/);
    }
  });
});
