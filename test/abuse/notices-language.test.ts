import { describe, expect, it } from "vitest";
import { createTestLoket, textOf } from "../support/loket.js";

describe("the notices said before a conversation is read follow its language", () => {
  it("tells a citizen who writes in English that they write too fast or too long in English, and an Indonesian one in Indonesian", async () => {
    const clock = Date.parse("2026-11-30T02:00:00Z");
    const t = await createTestLoket({ now: () => new Date(clock), env: { RATE_LIMIT_BURST: "3", RATE_LIMIT_PER_SECOND: "1", MESSAGE_MAX_CHARS: "200" } });
    try {
      const say = (conversationId: string, text: string) => t.loket.runtime.handle({ channel: "web", conversationId, text });
      expect(textOf(await say("web:en", "hello, what are the requirements for a building permit?"))).toMatch(/Requirements for/);
      expect(textOf(await say("web:id", "syarat pbg apa saja?"))).toMatch(/Persyaratan|syarat/i);

      expect(textOf(await say("web:en", "x".repeat(201)))).toMatch(/too long \(more than 200 characters\)/);
      expect(textOf(await say("web:id", "x".repeat(201)))).toMatch(/terlalu panjang \(lebih dari 200 huruf\)/);

      // The burst is 3 messages: the fourth within the same second is one too many.
      await say("web:en", "ok");
      const limited = await say("web:en", "thanks");
      expect(textOf(limited)).toMatch(/too fast/);
      expect(limited[0]!.lang).toBe("en");
      await say("web:id", "ok");
      expect(textOf(await say("web:id", "makasih"))).toMatch(/terlalu cepat/);
    } finally {
      await t.close();
    }
  });
});
