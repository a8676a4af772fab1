import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { fixtures } from "../support/loket.js";
import { startStaffWorld, type StaffWorld } from "./support.js";

/**
 * docs/staff.md: "For needs_correction, tick the documents to resend: the bot asks the citizen for
 * exactly those." needs_correction -> needs_correction is an allowed move (staff ask again, or
 * correct their own request). The second request starts a second correction flow on top of the
 * first one, which is never withdrawn: once the citizen has sent what staff asked for last, the bot
 * still asks for the document of the earlier, replaced request.
 */
describe("a correction asked again replaces the earlier request", () => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await startStaffWorld();
  });
  afterAll(async () => w.close());

  it("after staff change the documents to resend, the citizen is asked only for the new ones", async () => {
    const citizen = await w.citizen();
    await citizen.say("halo");
    const permit = w.t.loket.knowledge.permits.find((x) => x.submission.loketCanApply && x.requirements.some((r) => r.id === "ktp") && x.requirements.some((r) => r.id === "nib"))!;
    const sha256 = await w.t.loket.files.put(fixtures.png);
    const at = new Date().toISOString();
    const doc = { sha256, mime: "image/png" as const, size: fixtures.png.length };
    const app: Application = {
      number: "RBG-2026-000501",
      permit: permit.id,
      conversationId: citizen.conversationId,
      channel: "web",
      fields: { nama: "Siti" },
      documents: { ktp: doc, nib: doc },
      phoneLast4: "1234",
      status: "received",
      history: [{ status: "received", at, by: "loket" }],
      submittedAt: at,
      updatedAt: at,
    };
    await w.t.loket.store.put("applications", app.number, app);
    const budi = await w.login("budi");

    // First request: the NIB. Then staff see they ticked the wrong box: it is the KTP.
    expect((await budi.post(`/applications/${app.number}/status`, { status: "needs_correction", note: "Dokumen buram", documents: ["nib"] })).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("*NIB*"));
    expect((await budi.post(`/applications/${app.number}/status`, { status: "needs_correction", note: "Maaf, yang buram KTP, bukan NIB", documents: ["ktp"] })).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("KTP pemilik"));

    // The citizen sends the KTP: taken and passed on to staff.
    const form = new FormData();
    form.append("file", new Blob([fixtures.png], { type: "image/png" }), "ktp.png");
    const res = await fetch(`${w.base}/api/conversations/${citizen.id}/uploads`, { method: "POST", headers: { authorization: `Bearer ${citizen.token}` }, body: form });
    expect(res.status).toBe(200);
    const sent = ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text).join("\n");
    expect(sent).toContain("sudah kami terima");

    // Nothing more is owed: the bot must not still be waiting for the NIB staff no longer want.
    const next = (await citizen.say("terima kasih")).map((r) => r.text).join("\n");
    expect(next, "bot still asks for the replaced request's document").not.toContain("NIB");
    const state = await w.t.loket.store.peekState(citizen.conversationId);
    expect(state?.engine.stack.filter((f) => f.flow === "correction").map((f) => f.slots.documents)).toEqual([]);
  });
});
