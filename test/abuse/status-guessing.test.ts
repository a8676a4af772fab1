import { describe, expect, it } from "vitest";
import { applicationRecord } from "../support/applications.js";
import { createTestLoket, textOf } from "../support/loket.js";

describe("guessing the last four digits of a registration number", () => {
  for (const store of ["memory", "sqlite", "redis"] as const) {
    it(`is stopped also when the guesses come in parallel from many conversations (${store})`, async () => {
      const t = await createTestLoket(store === "memory" ? {} : { store });
      try {
        const app = applicationRecord({ number: "RBG-2026-000555", permit: "izin-reklame", conversationId: "web:owner" });
        await t.loket.store.put("applications", app.number, app);
        const guesses = Array.from({ length: 40 }, (_, i) =>
          t.loket.runtime.handle({ channel: "web", conversationId: `web:guess-${i}`, text: `RBG-2026-000555 ${String(1000 + i)}` }),
        );
        const answers = (await Promise.all(guesses)).map(textOf);
        expect(answers.filter((a) => /hentikan sementara/.test(a)).length).toBeGreaterThanOrEqual(30);
        // The right digits now get the pause, not the status.
        const right = textOf(await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner-later", text: "RBG-2026-000555 7890" }));
        expect(right).toMatch(/hentikan sementara/);
        expect(right).not.toMatch(/Diterima/);
        // The citizen who applied, asking from the conversation that submitted it (their WhatsApp
        // number, Telegram account or browser), still gets it: guessers cannot pause their check.
        const own = textOf(await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner", text: "RBG-2026-000555 7890" }));
        expect(own).toMatch(/Diterima/);
        // Without the digits too (the conversation is theirs), and the pause stays for everyone else.
        const asked = textOf(await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner", text: "cek status RBG-2026-000555" }));
        expect(asked).toMatch(/Diterima/);
        expect(asked).not.toMatch(/4 angka terakhir/);
        expect(textOf(await t.loket.runtime.handle({ channel: "web", conversationId: "web:owner-later", text: "RBG-2026-000555 7890" }))).toMatch(/hentikan sementara/);
      } finally {
        await t.close();
      }
    });
  }
});
