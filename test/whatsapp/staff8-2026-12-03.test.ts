import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { createTestLoket } from "../support/loket.js";
import { FakeWhatsAppClient } from "./fake-client.js";
import { testChannel } from "./test-channel.js";

/**
 * Held-out set, staff side round 8 (2026-12-03, "staff8"): WhatsApp sent a turn's replies after
 * the conversation's lock was released, so a staff action that locked the conversation right after
 * the turn could reach the citizen first (the race Telegram had until staff7). Written before any
 * change, and scored on the unchanged code.
 */
const CITIZEN = "6281234500001@c.us";
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});
const budi = { username: "budi", role: "staff" as const, displayName: "Budi" };

async function raced(between: (t: Awaited<ReturnType<typeof createTestLoket>>, c: HandoffCase) => Promise<unknown>) {
  const t = await createTestLoket({ channel: "whatsapp" });
  const runtime = t.loket.runtime;
  let racing = true;
  const wrapped = Object.assign(Object.create(runtime) as typeof runtime, {
    async handle(inbound: Parameters<typeof runtime.handle>[0]) {
      const replies = await runtime.handle(inbound);
      const open = (await t.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting");
      if (open && racing) {
        racing = false;
        void between(t, open);
      }
      await new Promise((r) => setTimeout(r, 300));
      return replies;
    },
  });
  const client = new FakeWhatsAppClient();
  const wa = testChannel(t, client, { runtime: wrapped });
  await wa.start();
  cleanups.push(() => t.close(), () => wa.stop());
  return { t, client, wa };
}

describe("staff8 held-out WhatsApp 2026-12-03", () => {
  it("W1. a WhatsApp citizen asks for a person and staff take the case the moment the turn ends: the hand-over notice comes before 'sedang melayani'", async () => {
    const { client } = await raced((t, c) => t.loket.staff.take(c.id, budi));
    client.message(CITIZEN, "petugas");
    await expect.poll(() => client.textsTo(CITIZEN).join("\n"), { timeout: 8000 }).toMatch(/melayani/);
    await expect.poll(() => client.textsTo(CITIZEN).join("\n"), { timeout: 8000 }).toMatch(/teruskan ke petugas/);
    const texts = client.textsTo(CITIZEN);
    expect(texts.findIndex((x) => /teruskan ke petugas/.test(x))).toBeLessThan(texts.findIndex((x) => /melayani/.test(x)));
  });

  it("W2. staff take and reply at once after the turn: hand-over notice, then the take, then the reply", async () => {
    const { client } = await raced(async (t, c) => {
      await t.loket.staff.take(c.id, budi);
      await t.loket.staff.reply(c.id, budi, "Selamat pagi Bapak/Ibu, izin apa yang ingin ditanyakan?");
    });
    client.message(CITIZEN, "petugas");
    await expect.poll(() => client.textsTo(CITIZEN).join("\n"), { timeout: 8000 }).toMatch(/izin apa/);
    await expect.poll(() => client.textsTo(CITIZEN).join("\n"), { timeout: 8000 }).toMatch(/teruskan ke petugas/);
    const texts = client.textsTo(CITIZEN);
    const handed = texts.findIndex((x) => /teruskan ke petugas/.test(x));
    const served = texts.findIndex((x) => /melayani/.test(x));
    expect(handed).toBeLessThan(served);
    expect(served).toBeLessThan(texts.findIndex((x) => /izin apa/.test(x)));
  });
});
