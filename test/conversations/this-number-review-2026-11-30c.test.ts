// "nomor ini aja" at the phone question (refused as "hanya berisi angka" at dee554e, on every channel).
import { afterEach, describe, expect, it } from "vitest";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

let t: TestLoket | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function atPhone(l: TestLoket): Promise<void> {
  await l.say("mau daftar izin reklame");
  await l.say("setuju");
  await l.say("Siti Aminah");
  expect(textOf(await l.say("3317014506900002"))).toContain("Nomor HP");
}

describe("'this number' at the phone question", () => {
  it("on WhatsApp, the number the citizen writes from is taken and said back", async () => {
    t = await createTestLoket({ channel: "whatsapp" });
    t.conversationId = "whatsapp:6281234567890@c.us";
    await atPhone(t);
    const r = textOf(await t.say("pakai nomor wa ini aja"));
    expect(r).toContain("nomor WhatsApp ini");
    expect(r).toContain("7890");
    expect(r).toContain("e-mail");
  });

  it("on the web (and a private WhatsApp @lid), Loket says it cannot see the number, instead of 'hanya berisi angka'", async () => {
    t = await createTestLoket();
    await atPhone(t);
    const r = textOf(await t.say("nomor ini aja"));
    expect(r).toContain("tidak dapat melihat nomor HP");
    expect(r).not.toContain("hanya berisi angka");
    expect(textOf(await t.say("0812 3456 7890"))).toContain("e-mail");
  });

  it("a private WhatsApp id (@lid) has no number in it", async () => {
    t = await createTestLoket({ channel: "whatsapp" });
    t.conversationId = "whatsapp:123456789012345@lid";
    await atPhone(t);
    expect(textOf(await t.say("nomor ini aja"))).toContain("tidak dapat melihat nomor HP");
  });
});
