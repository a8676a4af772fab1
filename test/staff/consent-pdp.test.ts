import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import type { AuditEntry } from "../../src/staff/audit.js";
import { applicationRecord } from "../support/applications.js";
import { openFormUntil, submitForm } from "../support/forms.js";
import { textOf } from "../support/loket.js";
import { startStaffWorld, type StaffWorld } from "./support.js";

/**
 * UU 27/2022 on the application and the case: the consent a citizen gave is recorded with the
 * application (when, channel, which text), a withdrawal too, and personal-data requests carry a
 * 3×24-hour due time staff see and mark done. On both stores that hold applications and cases.
 */
const HOUR = 3_600_000;
const hash12 = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);

type CaseRow = HandoffCase & { privacy?: { dueAt: string; kind?: string; doneAt?: string; doneBy?: string; overdue: boolean } };
type AppView = Application & { consent: Application["consent"] | null };

for (const store of ["sqlite", "redis"] as const) {
  describe(`personal data (UU 27/2022) on the ${store} store`, () => {
    let w: StaffWorld;
    let clock = new Date("2026-12-01T02:00:00.000Z");
    beforeAll(async () => {
      w = await startStaffWorld({ store, now: () => clock });
    });
    afterAll(async () => w.close());

    it("records the consent given (time, channel, the text's hash) on the application, shows it to staff, and older applications as not recorded", async () => {
      const t = w.t;
      await openFormUntil(t, "saya mau mengajukan izin reklame", "nama");
      // The consent question as it was sent: its hash is what the application carries.
      const transcript = await t.loket.store.transcript(t.conversationId);
      const shown = transcript.find((e) => e.from === "bot" && e.choices?.some((c) => c.id.endsWith(":agree")));
      expect(shown, "the consent question in the transcript").toBeTruthy();
      const app = await submitForm(t);
      expect(app.consent).toEqual({ at: "2026-12-01T02:00:00.000Z", channel: "web", text: hash12(shown!.text), lang: "id" });

      await t.loket.store.put("applications", "RBG-2025-000001", applicationRecord({ number: "RBG-2025-000001", permit: "izin-reklame", conversationId: "web:lama" }));
      const staff = await w.login("budi");
      const view = await staff.json<{ application: AppView }>(`/applications/${app.number}`);
      expect(view.application.consent).toMatchObject({ at: "2026-12-01T02:00:00.000Z", channel: "web", text: hash12(shown!.text) });
      const old = await staff.json<{ application: AppView }>("/applications/RBG-2025-000001");
      expect(old.application.consent).toBeNull();
      expect(old.application.number).toBe("RBG-2025-000001");
    });

    it("a withdrawal of consent is recorded on the citizen's applications and reaches staff as a request due in 3×24 hours, marked done once, the citizen told", async () => {
      const t = w.t;
      const [number] = (await t.loket.store.list<Application>("applications")).filter((a) => a.conversationId === t.conversationId).map((a) => a.number);
      clock = new Date("2026-12-01T03:00:00.000Z");
      expect(textOf(await t.say("saya tarik persetujuan saya"))).toMatch(/Tarik persetujuan/);
      expect(textOf(await t.tap("privacy.offer:withdraw"))).toMatch(/Penarikan persetujuan Bapak\/Ibu sudah kami catat/);
      const app = (await t.loket.store.get<Application>("applications", number!))!;
      const privacyCase = (await t.loket.store.list<HandoffCase>("cases")).find((c) => c.reason === "privacy")!;
      expect(app.consentWithdrawn).toEqual({ at: "2026-12-01T03:00:00.000Z", caseId: privacyCase.id });
      expect(app.consent?.at).toBe("2026-12-01T02:00:00.000Z");
      expect(privacyCase.privacy).toEqual({ dueAt: "2026-12-04T03:00:00.000Z", kind: "withdraw_consent" });

      let staff = await w.login("budi");
      const listed = (await staff.json<{ cases: CaseRow[] }>("/cases")).cases.find((c) => c.id === privacyCase.id)!;
      expect(listed.privacy).toMatchObject({ dueAt: "2026-12-04T03:00:00.000Z", overdue: false });
      expect((await staff.json<{ application: AppView }>(`/applications/${number}`)).application.consentWithdrawn?.at).toBe("2026-12-01T03:00:00.000Z");

      // Past 72 hours: overdue in the list and the case view, and among the pending requests.
      clock = new Date(Date.parse("2026-12-01T03:00:00.000Z") + 73 * HOUR);
      staff = await w.login("budi"); // the session of three days ago has expired
      expect((await staff.json<{ cases: CaseRow[] }>("/cases")).cases.find((c) => c.id === privacyCase.id)?.privacy?.overdue).toBe(true);
      const detail = await staff.json<{ case: CaseRow; applications: AppView[] }>(`/cases/${privacyCase.id}`);
      expect(detail.case.privacy).toMatchObject({ overdue: true, kind: "withdraw_consent" });
      expect(detail.applications.find((a) => a.number === number)?.consentWithdrawn).toBeTruthy();
      expect((await staff.json<{ cases: CaseRow[] }>("/cases?status=privacy")).cases.map((c) => c.id)).toContain(privacyCase.id);

      // Staff close the chat; the request stays to do, and is marked done afterwards.
      expect((await staff.post(`/cases/${privacyCase.id}/close`, { survey: false })).status).toBe(200);
      expect((await staff.json<{ cases: CaseRow[] }>("/cases?status=privacy")).cases.map((c) => c.id)).toContain(privacyCase.id);
      const done = await staff.post(`/cases/${privacyCase.id}/privacy-done`);
      expect(done.status).toBe(200);
      const body = (await done.json()) as { case: CaseRow };
      expect(body.case.privacy).toMatchObject({ doneBy: "budi", doneAt: clock.toISOString(), overdue: false });
      expect((await staff.post(`/cases/${privacyCase.id}/privacy-done`)).status).toBe(409);
      expect((await staff.json<{ cases: CaseRow[] }>("/cases?status=privacy")).cases.map((c) => c.id)).not.toContain(privacyCase.id);
      const stored = (await t.loket.store.get<HandoffCase>("cases", privacyCase.id))!;
      expect(stored.privacy).toMatchObject({ doneBy: "budi", doneAt: clock.toISOString() });
      const told = (await t.loket.store.transcript(t.conversationId)).filter((e) => /data pribadi sudah diselesaikan petugas/.test(e.text));
      expect(told).toHaveLength(1);
      const audit = await t.loket.store.list<AuditEntry>("audit");
      expect(audit.some((e) => e.action === "privacy_done" && e.caseId === privacyCase.id && e.by === "budi")).toBe(true);
    });

    it("consent withdrawn in the middle of an application ends that form: given back to the bot, the citizen is not asked on", async () => {
      const c = await w.citizen();
      await c.say("saya mau mengajukan izin reklame");
      await c.say("setuju");
      expect((await w.t.loket.store.peekState(c.conversationId))?.engine.stack.map((f) => f.flow)).toContain("apply");
      await c.say("saya tarik persetujuan saya");
      await c.tap("privacy.offer:withdraw");
      const state = await w.t.loket.store.peekState(c.conversationId);
      expect(state?.engine.stack.map((f) => f.flow)).not.toContain("apply");
      const privacyCase = (await w.t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === c.conversationId)!;
      expect(privacyCase.privacy?.kind).toBe("withdraw_consent");
      const staff = await w.login("budi");
      expect((await staff.post(`/cases/${privacyCase.id}/return`)).status).toBe(200);
      expect((await w.t.loket.store.peekState(c.conversationId))?.engine.stack.map((f) => f.flow)).not.toContain("apply");
    });

    it("a personal-data case asked for through 'Hubungi petugas' is due too; a case of before the change is due 72 hours after it opened; other cases have no due time", async () => {
      clock = new Date("2026-12-05T01:00:00.000Z");
      const c = await w.citizen();
      await c.say("minta salinan data saya");
      await c.tap("privacy.offer:staff");
      const staff = await w.login("budi");
      const mine = (await staff.json<{ cases: CaseRow[] }>("/cases")).cases.find((x) => x.conversationId === c.conversationId)!;
      expect(mine.reason).toBe("privacy");
      expect(mine.privacy).toMatchObject({ dueAt: "2026-12-08T01:00:00.000Z", overdue: false });
      expect(mine.privacy?.kind).toBeUndefined();

      const before: HandoffCase = { id: "lama-1", conversationId: "web:lama", channel: "web", reason: "privacy", status: "waiting", openedAt: "2026-11-30T01:00:00.000Z", updatedAt: "2026-11-30T01:00:00.000Z" };
      await w.t.loket.store.put("cases", before.id, before);
      const old = await staff.json<{ case: CaseRow }>(`/cases/${before.id}`);
      expect(old.case.privacy).toEqual({ dueAt: "2026-12-03T01:00:00.000Z", overdue: true });

      const other = await w.citizen();
      await other.say("petugas");
      const plain = (await staff.json<{ cases: CaseRow[] }>("/cases")).cases.find((x) => x.conversationId === other.conversationId)!;
      expect(plain.privacy).toBeUndefined();
      expect((await staff.post(`/cases/${plain.id}/privacy-done`)).status).toBe(400);
    });
  });
}
