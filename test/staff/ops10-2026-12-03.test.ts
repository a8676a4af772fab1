import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edit } from "../support/clerk-copy.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { askForPerson, describes, groupMenus, groupReloadWorld, settle, topicNames } from "../support/group-reload.js";
import { uniquePrefix } from "../support/redis.js";

/**
 * Held-out ops10 (2026-12-03), written before the change: a clerk edits messages/id/staff.yaml
 * (the staff group's command menu, `staff_notice.command.*`, and the texts Loket posts there,
 * `staff_notice.*`) and reloads; the Telegram staff group follows, as the citizens' menu does
 * (ops8): one group-scoped setMyCommands per reload that changed a description (one however many
 * instances took it, on one Redis), none for a reload that changed none or was refused, and the
 * next topic says the new words. Loket started as main.ts starts it (buildLoket, startChannels),
 * Telegram on the Bot API emulator, a citizen on the web chat over loopback HTTP.
 */
const { closers, copies, groupLoket, redis } = groupReloadWorld("ops10");

const AMBIL = `    ambil: "Ambil kasus di topik ini"\n`;
const TITLE = `  topic_title: "{reason} · {channel} · {time}"\n`;
const BROKEN_HP = ["      - { id: hp, label: field.label.hp, kind: phone }\n", "      - { id: hp, label: field.label.hp, kind: telepon }\n"] as const;

describe("ops10 held-out 2026-12-03: the Telegram staff group follows a reload of messages/", () => {
  it("1. a staff command's description edited: after the reload the group's menu is set once more, with the new words", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const root = copies();
    const { loket } = await groupLoket(root, emu);
    await expect.poll(() => groupMenus(emu).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await settle();
    const before = groupMenus(emu).length;
    expect(describes(groupMenus(emu).at(-1), "ambil")).toBe("Ambil kasus di topik ini");
    edit(join(root, "messages/id/staff.yaml"), AMBIL, `    ambil: "Layani warga di topik ini"\n`);
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(true);
    await expect.poll(() => groupMenus(emu).length, { timeout: 10_000 }).toBe(before + 1);
    expect(describes(groupMenus(emu).at(-1), "ambil")).toBe("Layani warga di topik ini");
  });

  it("2. a reload that changes no staff command (a permit edited) does not set the group's menu again", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const root = copies();
    const { loket } = await groupLoket(root, emu);
    await expect.poll(() => groupMenus(emu).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await settle();
    const before = groupMenus(emu).length;
    edit(join(root, "knowledge/permits/sppl.md"), "validity: Masa berlaku SPPL belum kami dapatkan datanya; petugas akan mengonfirmasi.", "validity: SPPL berlaku selama kegiatan usaha tidak berubah.");
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(true);
    await settle();
    expect(groupMenus(emu)).toHaveLength(before);
  });

  it("3. a notice text edited (the topic's name): the next case's topic is named with the new words", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const root = copies();
    const { loket, base } = await groupLoket(root, emu);
    await expect.poll(() => groupMenus(emu).length, { timeout: 10_000 }).toBeGreaterThan(0);
    edit(join(root, "messages/id/staff.yaml"), TITLE, `  topic_title: "Kasus {reason} · {channel} · {time}"\n`);
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(true);
    await askForPerson(base);
    await expect.poll(() => topicNames(emu).length, { timeout: 10_000 }).toBe(1);
    expect(topicNames(emu)[0]).toMatch(/^Kasus /);
  });

  it("4. a refused reload (a broken flow beside the edit) changes neither the group's menu nor its texts", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const root = copies();
    const { loket, base } = await groupLoket(root, emu);
    await expect.poll(() => groupMenus(emu).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await settle();
    const before = groupMenus(emu).length;
    edit(join(root, "messages/id/staff.yaml"), AMBIL, `    ambil: "Layani warga di topik ini"\n`);
    edit(join(root, "messages/id/staff.yaml"), TITLE, `  topic_title: "Kasus {reason} · {channel} · {time}"\n`);
    edit(join(root, "flows/apply.yaml"), ...BROKEN_HP);
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(false);
    await askForPerson(base);
    await expect.poll(() => topicNames(emu).length, { timeout: 10_000 }).toBe(1);
    expect(topicNames(emu)[0]).not.toMatch(/^Kasus /);
    expect(groupMenus(emu)).toHaveLength(before);
  });

  it("5. two instances on one Redis, both running the group (webhook mode): a reload that changed a description sets the group's menu once", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const env = { REDIS_URL: redis().url, REDIS_KEY_PREFIX: uniquePrefix("ops10"), TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook", TELEGRAM_WEBHOOK_SECRET: "rahasia-webhook-ops10" };
    const ra = copies();
    const rb = copies();
    const a = await groupLoket(ra, emu, env);
    await groupLoket(rb, emu, env);
    await expect.poll(() => groupMenus(emu).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await settle();
    const before = groupMenus(emu).length;
    for (const r of [ra, rb]) edit(join(r, "messages/id/staff.yaml"), AMBIL, `    ambil: "Layani warga di topik ini"\n`);
    expect((await a.loket.reloadKnowledge("test")).instances.map((i) => i.ok)).toEqual([true, true]);
    await expect.poll(() => groupMenus(emu).length, { timeout: 10_000 }).toBe(before + 1);
    await settle();
    expect(groupMenus(emu)).toHaveLength(before + 1);
    expect(describes(groupMenus(emu).at(-1), "ambil")).toBe("Layani warga di topik ini");
  }, 40_000);
});
