import { afterEach, describe, expect, it } from "vitest";
import { askingField, openFormUntil } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * English review of 30 November 2026 (b): a citizen who writes in English, end to end, through
 * the whole runtime. One test per defect found.
 */
describe("english review 2026-11-30b", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  // Monday 30 November 2026, 21:00 WIB: the office is closed.
  const evening = () => new Date("2026-11-30T14:00:00Z");

  it("asking for a person after hours in English names the next opening in English, not 'Selasa, 1 Desember pukul 08.00 WIB'", async () => {
    t = await createTestLoket({ now: evening });
    const queued = textOf(await t.say("Hello, I want to talk to a person please"));
    expect(queued).toContain("closed");
    expect(queued).toContain("Tuesday");
    expect(queued).not.toMatch(/Selasa|Desember|pukul/);
    const again = textOf(await t.say("hello? is anyone there?"));
    expect(again).not.toMatch(/Selasa|Desember|pukul/);
  });

  it("asking whether the office is open now, in English after hours, names the next opening in English", async () => {
    t = await createTestLoket({ now: evening });
    const text = textOf(await t.say("Is the office open now?"));
    expect(text).not.toMatch(/Selasa|Desember|pukul/);
  });

  it("at the optional e-mail question, 'none' or 'I don't have one' in English was refused as an invalid e-mail address", async () => {
    for (const said of ["none", "I don't have one", "I don't have an email", "n/a"]) {
      t = await createTestLoket();
      await openFormUntil(t, "I want to apply for a research permit", "email");
      const reply = textOf(await t.say(said));
      expect(reply, said).not.toContain("not valid");
      expect(askingField(t), said).toBe("alamat");
      await t.close();
      t = undefined;
    }
  });
});
