import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { addStaff, setStaffTelegram } from "../../src/staff/auth.js";
import { edit } from "../support/clerk-copy.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { GROUP, askForPerson, describes, groupMenus, groupReloadWorld, settle, topicNames } from "../support/group-reload.js";
import { uniquePrefix } from "../support/redis.js";

/**
 * Probe ops10 (2026-12-03), written after the change and not tuned on (the world as in the held-out
 * set, test/staff/ops10-2026-12-03.test.ts): a clerk edits messages/id/staff.yaml
 * (the staff group's command menu, `staff_notice.command.*`, and the texts Loket posts there,
 * `staff_notice.*`) and reloads; the Telegram staff group follows, as the citizens' menu does
 * (ops8): one group-scoped setMyCommands per reload that changed a description (one however many
 * instances took it, on one Redis), none for a reload that changed none or was refused, and the
 * next topic says the new words. Loket started as main.ts starts it (buildLoket, startChannels),
 * Telegram on the Bot API emulator, a citizen on the web chat over loopback HTTP.
 */
const { closers, temp, copies, groupLoket, redis } = groupReloadWorld("ops10p");

const AMBIL = `    ambil: "Ambil kasus di topik ini"\n`;
const TAKEN = `  taken: "✋ Diambil oleh {by}."\n`;

describe("ops10 probe 2026-12-03", () => {
  it("P1. 'taken' reworded in messages/id/staff.yaml and reloaded: /ambil in the topic posts the new words", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const root = copies();
    const { loket, base } = await groupLoket(root, emu);
    await addStaff(loket.store, { username: "andi", role: "staff", password: "kata-sandi-panjang-1" });
    await setStaffTelegram(loket.store, "andi", 888);
    edit(join(root, "messages/id/staff.yaml"), TAKEN, `  taken: "✋ Kasus ini dilayani {by} sejak sekarang."\n`);
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(true);
    await askForPerson(base);
    await expect.poll(() => emu.sentTo(GROUP).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const thread = emu.sentTo(GROUP)[0]!.message_thread_id!;
    emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => emu.sentTo(GROUP).map((m) => m.text).join("\n"), { timeout: 10_000 }).toContain("Kasus ini dilayani andi sejak sekarang.");
  });

  it("P2. a reload refused for a YAML slip, then the slip fixed and reloaded: the group's menu is set once, at the second", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const root = copies();
    const { loket } = await groupLoket(root, emu);
    await expect.poll(() => groupMenus(emu).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await settle();
    const before = groupMenus(emu).length;
    edit(join(root, "messages/id/staff.yaml"), AMBIL, `    ambil: Ambil kasus: di topik ini\n`);
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(false);
    await settle();
    expect(groupMenus(emu)).toHaveLength(before);
    edit(join(root, "messages/id/staff.yaml"), `    ambil: Ambil kasus: di topik ini\n`, `    ambil: "Ambil kasus: di topik ini"\n`);
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(true);
    await expect.poll(() => groupMenus(emu).length, { timeout: 10_000 }).toBe(before + 1);
    expect(describes(groupMenus(emu).at(-1), "ambil")).toBe("Ambil kasus: di topik ini");
  });

  it("P3. npm run check from a folder without knowledge/ (KNOWLEDGE_DIR unset): start-up's line, naming the variable and the folder to start from", () => {
    const elsewhere = temp("elsewhere");
    // tsx from the project (an import is resolved from the folder a process starts in), as ops9's probe does.
    const tsx = pathToFileURL(resolve("node_modules/tsx/dist/loader.mjs")).href;
    const run = (entry: string) => spawnSync(process.execPath, ["--import", tsx, resolve(entry)], { cwd: elsewhere, env: { ...process.env, DATA_DIR: join(elsewhere, "data"), PORT: "39999", KNOWLEDGE_DIR: "", FLOWS_DIR: "" }, encoding: "utf8", timeout: 60_000 });
    const start = run("src/main.ts");
    const line = /^Loket cannot start \(CONFIG_INVALID\): (KNOWLEDGE_DIR .*)$/m.exec(start.stderr)?.[1];
    expect(line, start.stderr).toBeDefined();
    const check = run("src/cli/check.ts");
    expect(check.status).toBe(1);
    expect(check.stderr.split("\n")).toContain(line);
  }, 130_000);

  it("P4. two instances on one Redis: a notice text reworded in both copies reaches a topic opened through the instance that did not ask for the reload", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const env = { REDIS_URL: redis().url, REDIS_KEY_PREFIX: uniquePrefix("ops10p"), TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook", TELEGRAM_WEBHOOK_SECRET: "rahasia-webhook-ops10p" };
    const ra = copies();
    const rb = copies();
    const a = await groupLoket(ra, emu, env);
    const b = await groupLoket(rb, emu, env);
    for (const r of [ra, rb]) edit(join(r, "messages/id/staff.yaml"), `  topic_title: "{reason} · {channel} · {time}"\n`, `  topic_title: "Warga · {reason} · {channel} · {time}"\n`);
    expect((await a.loket.reloadKnowledge("test")).instances.map((i) => i.ok)).toEqual([true, true]);
    await askForPerson(b.base);
    await expect.poll(() => topicNames(emu).length, { timeout: 10_000 }).toBe(1);
    expect(topicNames(emu)[0]).toMatch(/^Warga · /);
  }, 40_000);
});
