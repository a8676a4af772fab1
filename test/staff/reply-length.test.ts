import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaffWorld, type StaffWorld } from "./support.js";

/**
 * README: MESSAGE_MAX_CHARS is the "longest accepted message: a citizen's (...) and a staff
 * reply". The staff ops honour it (maxReplyChars), the console's API does not.
 */
describe("staff reply length follows MESSAGE_MAX_CHARS", () => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await startStaffWorld({ env: { MESSAGE_MAX_CHARS: "6000" } });
  });
  afterAll(async () => w.close());

  it("a 5,000-character staff reply is accepted by POST /staff/api/cases/:id/messages when MESSAGE_MAX_CHARS=6000", async () => {
    const budi = await w.login("budi");
    // The console's text box takes as much as the API does.
    expect(((await (await budi.get("/me")).json()) as { replyMaxChars: number }).replyMaxChars).toBe(6000);
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = (await w.t.loket.store.peekState(citizen.conversationId))!.handoff!.caseId;
    // The citizen may write that much to staff, and staff may answer as long.
    const long = `${"Berikut rincian persyaratan. ".repeat(172)}Terima kasih.`.slice(0, 5000);
    expect(long.length).toBe(5000);
    // Taken whole to staff; as the first message while waiting it is answered with the queue place alone (handback4).
    const ack = await citizen.say(long);
    expect(ack.map((o) => o.text)).toEqual([expect.stringContaining("antrean ke-1")]);
    expect((await w.t.loket.store.transcript(citizen.conversationId)).some((e) => e.from === "citizen" && e.text === long)).toBe(true);
    // The staff operations take it (maxReplyChars = MESSAGE_MAX_CHARS); the console's API must too.
    const res = await budi.post(`/cases/${caseId}/messages`, { text: long });
    expect(res.status, await res.clone().text()).toBe(200);
    await citizen.events.waitFor((o) => o.text.endsWith("Terima kasih"));
    // Over the limit, refused.
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "x".repeat(6001) })).status).toBe(400);
  });
});
