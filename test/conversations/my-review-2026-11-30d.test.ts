// Found probing conversations on 2026-11-30 (fourth round).
import { afterEach, describe, expect, it } from "vitest";
import { askingField, openFormUntil } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

const open: TestLoket[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});
const loket = async () => {
  const t = await createTestLoket({ now: () => new Date("2026-12-01T03:00:00Z") });
  open.push(t);
  return t;
};

describe("my review 2026-11-30d", () => {
  it("an English-speaking foreigner at the NIK question ('I'm a foreigner, I have no NIK') is told what the NIK is and to ask staff, not 'a NIK has digits only'", async () => {
    const t = await loket();
    await t.say("english");
    await openFormUntil(t, "I want to apply for a building permit", "nik");
    const r = textOf(await t.say("I'm a foreigner, I have no NIK"));
    expect(r).toContain("national ID number");
    expect(r).not.toContain("digits only");
    expect(askingField(t)).toBe("nik");
  });

  it("English 'can I pay by transfer?' is a question about fees (the fee overview and which permit), not 'I did not understand'", async () => {
    const t = await loket();
    await t.say("english");
    const r = textOf(await t.say("can I pay by transfer?"));
    expect(r).not.toContain("did not understand");
    expect(r).toContain("PBG");
  });
});
