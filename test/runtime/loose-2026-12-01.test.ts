import { afterEach, describe, expect, it } from "vitest";
import { askingField, openFormUntil } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * English replies say "type *check status*" (2026-12-01; they said *cek status*): the English words
 * must then work wherever the Indonesian ones do, in the middle of a form too.
 */
describe("loose 2026-12-01: 'check status' in English", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("'check status' typed at the name question of an English application starts the status check; it was stored as the applicant's name", async () => {
    for (const said of ["check status", "check status please", "cek status"]) {
      t = await createTestLoket();
      await openFormUntil(t, "I want to apply for a research permit", "nama");
      const reply = textOf(await t.say(said));
      expect(reply, said).toMatch(/registration number/i);
      expect(reply, said).not.toContain("Step 2 of");
      expect(askingField(t), said).not.toBe("nik");
      await t.close();
      t = undefined;
    }
  });
});
