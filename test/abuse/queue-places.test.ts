import { describe, expect, it } from "vitest";
import { createTestLoket, textOf } from "../support/loket.js";

describe("places in the staff queue", () => {
  for (const store of ["memory", "redis"] as const) {
    it(`are different for citizens who ask for a person at the same moment (${store})`, async () => {
      const t = await createTestLoket(store === "memory" ? {} : { store });
      try {
        const asks = Array.from({ length: 5 }, (_, i) => t.loket.runtime.handle({ channel: "web", conversationId: `web:q-${i}`, text: "petugas" }));
        const places = (await Promise.all(asks)).map((r) => Number(/antrean ke-(\d+)/.exec(textOf(r))?.[1]));
        expect([...places].sort()).toEqual([1, 2, 3, 4, 5]);
        // One more afterwards: sixth.
        expect(textOf(await t.loket.runtime.handle({ channel: "web", conversationId: "web:q-later", text: "petugas" }))).toMatch(/antrean ke-6/);
      } finally {
        await t.close();
      }
    });
  }
});
