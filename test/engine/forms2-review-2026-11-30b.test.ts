import { afterEach, describe, expect, it } from "vitest";
import { answerValidly, askingField, openFormUntil, submitForm } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * Second forms review of 30 November 2026: application forms filled in as citizens type on
 * WhatsApp, through the whole runtime. One test per defect found.
 */
describe("forms2 review 2026-11-30b", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function until(opening: string, field: string, answers: Record<string, string> = {}): Promise<TestLoket> {
    await t?.close();
    const loket = await createTestLoket({});
    t = loket;
    await openFormUntil(loket, opening, field, { answers });
    return loket;
  }

  it("an e-mail ending a sentence ('siti@gmail.com.', 'siti@gmail.com ya kak') is refused as not an e-mail address", async () => {
    for (const said of ["siti.aminah@gmail.com.", "siti.aminah@gmail.com ya kak", "<siti.aminah@gmail.com>"]) {
      const loket = await until("saya perawat mau ajukan SIP", "email");
      await loket.say(said);
      expect(askingField(loket), said).toBe("alamat");
      const app = await submitForm(loket);
      expect(app.fields.email).toBe("siti.aminah@gmail.com");
    }
  });

  it("'sudah' / 'udah semua' at the summary ('Bila sudah benar, ketik ya') is not taken as a yes: 'Mohon ketik ya', the summary again", async () => {
    for (const said of ["sudah", "udah semua kak", "sdh"]) {
      const loket = await until("saya perawat mau ajukan SIP", "nama");
      for (let i = 0; i < 40 && askingField(loket) !== "confirm"; i++) {
        await answerValidly(loket);
      }
      expect(askingField(loket)).toBe("confirm");
      expect(textOf(await loket.say(said)), said).toMatch(/RBG-\d{4}-\d{6}/);
    }
  });
});
