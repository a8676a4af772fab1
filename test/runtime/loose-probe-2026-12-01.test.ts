import { afterEach, describe, expect, it } from "vitest";
import { askingField, openFormUntil } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/** Probe (2026-12-01): "check my status" at the address question of an English application. */
describe("loose probe 2026-12-01", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("'check my status' at the address question starts the status check, not stored as the address", async () => {
    t = await createTestLoket();
    await openFormUntil(t, "I want to apply for a research permit", "alamat");
    const reply = textOf(await t.say("check my status"));
    expect(reply).toMatch(/registration number/i);
    expect(askingField(t)).not.toBe("alamat");
  });
});
