import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE } from "../support/citizen.js";
import { plain, telegramWorld } from "./world.js";

describe("Telegram locations and venues", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>>;
  const logLines: string[] = [];
  beforeAll(async () => {
    w = await telegramWorld({ logLines });
  });
  afterAll(async () => w?.close());

  it("a venue sent at the billboard's location question is the answer (title, address, point, map link) and the form goes on", async () => {
    const chat = 6101;
    await w.toQuestion(chat, "saya mau mengajukan izin reklame", "lokasi_reklame");
    w.message(chat, { venue: { location: { latitude: -6.7051, longitude: 111.3412 }, title: "Simpang Lima Rembang", address: "Jl. Diponegoro, Rembang" }, location: { latitude: -6.7051, longitude: 111.3412 } });
    const sent = (await w.emu.waitForSent(chat, 1)).map(plain).join("\n");
    expect(sent).toContain("Simpang Lima Rembang, Jl. Diponegoro, Rembang (-6.7051, 111.3412) https://maps.google.com/?q=-6.7051,111.3412");
    expect(sent).toMatch(/Ukuran reklame/);
    const state = await w.t.loket.store.peekState(`telegram:${chat}`);
    expect(state!.engine.stack.at(-1)!.slots.lokasi_reklame).toContain("maps.google.com/?q=-6.7051,111.3412");
    expect(logLines.join("\n")).not.toMatch(/-6\.705|111\.341|Diponegoro/);
  });

  it("a live location is taken by its first position at the PBG's building location; at the NIK question it is explained and the NIK asked again", async () => {
    const chat = 6102;
    await w.toQuestion(chat, "saya mau mengajukan PBG", "nik");
    const live = (lat: number) => ({ location: { latitude: lat, longitude: 111.35, live_period: 900, horizontal_accuracy: 12 } });
    w.message(chat, live(-6.71));
    const atNik = (await w.emu.waitForSent(chat, 1)).map(plain).join("\n");
    expect(atNik).toMatch(/belum kami perlukan/);
    expect(atNik).toMatch(/NIK/);
    expect(atNik).not.toMatch(/belum bisa kami proses/);
    expect((await w.t.loket.store.peekState(`telegram:${chat}`))!.engine.expecting?.field).toBe("nik");
    await w.toQuestion(chat, SAMPLE.nik, "lokasi_bangunan");
    w.message(chat, live(-6.72));
    const taken = (await w.emu.waitForSent(chat, 2)).map(plain).slice(1).join("\n");
    expect(taken).toContain("(-6.72, 111.35) https://maps.google.com/?q=-6.72,111.35");
    expect(taken).toMatch(/Fungsi bangunan/);
  });
});
