import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Outbound } from "../../src/domain/message.js";
import type { Inbound } from "../../src/domain/message.js";
import { fixtures } from "../support/fixtures.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * Random input against the whole runtime: random text (control characters, emoji floods, huge
 * messages), random and stale choice ids, random bytes as uploads, repair words at random steps.
 * Nothing may crash, every reply must be a valid Outbound, and the conversation must always be
 * able to continue.
 */
const REPAIR = ["batal", "kembali", "ulang", "menu", "bantuan", "lewati", "ya", "ubah 1", "hapus data saya"];
const USEFUL = ["saya mau mengajukan izin reklame", "syarat imb", "1", "2", "3317014508900002", "081234567890", "cek status", "RBG-2026-000001", "7890", "Siti Rahmawati"];

const inboundArb: fc.Arbitrary<Partial<Inbound>> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ text })) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 80 }).map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.constantFrom("😀", "🙏", "\u0000\u0007\u001b[2J", "‮").chain((e) => fc.integer({ min: 1, max: 500 }).map((n) => ({ text: e.repeat(n) }))) },
  { weight: 1, arbitrary: fc.integer({ min: 3000, max: 9000 }).map((n) => ({ text: "x".repeat(n) })) },
  { weight: 3, arbitrary: fc.constantFrom(...REPAIR).map((text) => ({ text })) },
  { weight: 4, arbitrary: fc.constantFrom(...USEFUL).map((text) => ({ text })) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }).map((choice) => ({ choice })) },
  { weight: 2, arbitrary: fc.constantFrom("apply.consent:agree", "menu.menu:apply", "apply.summary:yes", "menu.menu:status", "apply.documents:skip").map((choice) => ({ choice })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((b) => ({ file: { bytes: Buffer.from(b), filename: "x.pdf" } })) },
  { weight: 1, arbitrary: fc.constantFrom(fixtures.pdf, fixtures.png, fixtures.jpg, fixtures.exe).map((bytes) => ({ file: { bytes } })) },
  { weight: 1, arbitrary: fc.constantFrom("sticker", "voice", "location", "contact").map((unsupported) => ({ unsupported })) },
);

describe("random input never breaks a conversation", () => {
  let t: TestLoket;
  let sent = 0;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    t = await createTestLoket({ env: { UPLOAD_MAX_BYTES: "1024" } });
  });
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await t.close();
    console.log(`property test: ${sent} generated messages`);
  });

  it("handles >= 10,000 generated messages with valid replies, and every conversation continues", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(inboundArb, { minLength: 30, maxLength: 60 }), async (msgs) => {
        const conversationId = `web:prop-${run++}`;
        for (const m of msgs) {
          const replies = await t.loket.runtime.handle({ channel: "web", conversationId, ...m });
          sent++;
          for (const r of replies) expect(Outbound.safeParse(r).success).toBe(true);
        }
        // Whatever happened, the citizen can always get back to the menu (or is with staff), saying it at most twice.
        const state = await t.loket.store.peekState(conversationId);
        let after = await t.loket.runtime.handle({ channel: "web", conversationId, text: "menu" });
        sent++;
        // An application being filled in asks before its answers go; "menu" again confirms.
        if (/akan dihapus/.test(textOf(after))) {
          after = await t.loket.runtime.handle({ channel: "web", conversationId, text: "menu" });
          sent++;
        }
        if (!state?.handoff) expect(textOf(after)).toMatch(/Ada yang bisa kami bantu/);
      }),
      { numRuns: 300, seed: 20261128 },
    );
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(unhandled).toEqual([]);
  }, 180_000);
});

describe("random requests never break the web API", () => {
  it("answers random bodies, ids and tokens with 200/400/401/403/413, never a server error", async () => {
    const t = await createTestLoket();
    try {
      const open = await t.loket.app.inject({ method: "POST", url: "/api/conversations" });
      const c = open.json() as { conversationId: string; token: string };
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.json(), fc.string(), fc.constant('{"text":"halo"}'), fc.string().map((text) => JSON.stringify({ text })), fc.string().map((choice) => JSON.stringify({ choice }))),
          fc.oneof(fc.constant(c.conversationId), fc.uuid(), fc.string({ maxLength: 50 }).map(encodeURIComponent)),
          fc.oneof(fc.constant(c.token), fc.string({ maxLength: 40 }), fc.constant("")),
          async (payload, id, token) => {
            const res = await t.loket.app.inject({
              method: "POST",
              url: `/api/conversations/${id || "x"}/messages`,
              headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
              payload,
            });
            expect([200, 400, 401, 403, 404, 413]).toContain(res.statusCode);
            if (res.statusCode === 200) for (const r of (res.json() as { replies: unknown[] }).replies) expect(Outbound.safeParse(r).success).toBe(true);
          },
        ),
        { numRuns: 400, seed: 7 },
      );
    } finally {
      await t.close();
    }
  }, 120_000);
});
