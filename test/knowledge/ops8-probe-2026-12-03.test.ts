import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { startChannels } from "../../src/channels/start.js";
import { loadConfig } from "../../src/config.js";
import { edit } from "../support/clerk-copy.js";
import { applicationRecord } from "../support/applications.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { startRedisProcess, uniquePrefix, type RedisProcess } from "../support/redis.js";
import { startStaffWorld } from "../staff/support.js";

/**
 * Probe ops8 (2026-12-03), written after the change and not tuned on: instances on one real Redis,
 * both with Telegram (webhook mode, as several instances behind one URL run it), set the menu once
 * per reload; an English-only edit sets only the English menu; a flow edit undone by a second
 * reload gives the name back from the old field; a refused reload logs each problem under its
 * own folder's code.
 */
const dirs: string[] = [];
const closers: (() => Promise<unknown>)[] = [];
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedisProcess();
});
afterAll(async () => redis?.stop());
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = (kind: string) => {
  const d = mkdtempSync(join(tmpdir(), `loket-ops8p-${kind}-`));
  dirs.push(d);
  return d;
};
function copies(): string {
  const root = temp("root");
  for (const d of ["knowledge", "flows", "messages"]) cpSync(d, join(root, d), { recursive: true });
  return root;
}
async function telegramInstance(root: string, emu: BotApiEmulator, env: Record<string, string>, lines?: string[]): Promise<Loket> {
  const config = loadConfig({ DATA_DIR: temp("data"), LOG_LEVEL: "info", KNOWLEDGE_DIR: join(root, "knowledge"), FLOWS_DIR: join(root, "flows"), TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot, ...env });
  const logger = lines ? pino({ level: "info" }, { write: (s: string) => void lines.push(s) }) : pino({ level: "silent" });
  const loket = await buildLoket(config, { logger, sweepEveryMs: false, messagesDir: join(root, "messages") });
  closers.push(() => loket.close());
  await startChannels(loket);
  return loket;
}
type Command = { command: string; description: string };
const menuCalls = (emu: BotApiEmulator, lang?: string) => emu.calls.filter((c) => c.method === "setMyCommands" && !c.payload.scope && c.payload.language_code === lang).map((c) => c.payload.commands as Command[]);
const PETUGAS_ID = `    petugas: "Bicara dengan petugas"\n`;

describe("ops8 probe 2026-12-03", () => {
  it("P1. two instances on one Redis, both with Telegram: a reload changing a description sets the menu once", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniquePrefix("ops8p"), TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook", TELEGRAM_WEBHOOK_SECRET: "rahasia-webhook-ops8" };
    const ra = copies();
    const rb = copies();
    const a = await telegramInstance(ra, emu, env);
    await telegramInstance(rb, emu, env);
    await expect.poll(() => menuCalls(emu).length, { timeout: 15_000 }).toBe(2);
    for (const r of [ra, rb]) edit(join(r, "messages/id/telegram.yaml"), PETUGAS_ID, `    petugas: "Minta dilayani petugas"\n`);
    const answer = await a.reloadKnowledge("test");
    expect(answer.instances.map((i) => i.ok)).toEqual([true, true]);
    await expect.poll(() => menuCalls(emu).length, { timeout: 10_000 }).toBe(3);
    await new Promise((r) => setTimeout(r, 1000));
    expect(menuCalls(emu)).toHaveLength(3);
    expect(menuCalls(emu).at(-1)!.find((c) => c.command === "petugas")!.description).toBe("Minta dilayani petugas");
  });

  it("P2. only the English description edited: the English menu is set again, the Indonesian one is not", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const root = copies();
    const loket = await telegramInstance(root, emu, {});
    await expect.poll(() => menuCalls(emu, "en").length, { timeout: 10_000 }).toBe(1);
    edit(join(root, "messages/en/telegram.yaml"), "Talk to a staff member", "Ask for a member of staff");
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(true);
    await expect.poll(() => menuCalls(emu, "en").length, { timeout: 10_000 }).toBe(2);
    expect(menuCalls(emu, "en").at(-1)!.find((c) => c.command === "petugas")!.description).toMatch(/Ask for a member of staff/);
    expect(menuCalls(emu)).toHaveLength(1);
  });

  it("P3. a name field added then taken back by a second reload: the list names the applicant from the old field again", async () => {
    const root = copies();
    const w = await startStaffWorld({ store: "sqlite", env: { KNOWLEDGE_DIR: join(root, "knowledge"), FLOWS_DIR: join(root, "flows") }, messagesDir: join(root, "messages") });
    closers.push(() => w.close());
    await w.t.loket.store.put("applications", "RBG-2026-000901", applicationRecord({ number: "RBG-2026-000901", permit: "izin-reklame", conversationId: "web:p3", fields: { nama: "Sri Lestari", penanggung_jawab: "Budi Santoso" } }));
    const admin = await w.login("sari");
    const nameOf = async () => (await admin.json<{ applications: { number: string; name?: string }[] }>("/applications")).applications.find((a) => a.number === "RBG-2026-000901")?.name;
    expect(await nameOf()).toBe("Sri Lestari");
    const from = "      - { id: alamat, label: field.label.alamat, kind: text, min: 10, max: 300 }\n";
    const added = `${from}      - { id: penanggung_jawab, holds: name, label: field.label.nama, kind: text, min: 3, max: 100 }\n`;
    edit(join(root, "flows/apply.yaml"), from, added);
    expect((await admin.post("/knowledge/reload")).status).toBe(200);
    expect(await nameOf()).toBe("Budi Santoso");
    edit(join(root, "flows/apply.yaml"), added, from);
    expect((await admin.post("/knowledge/reload")).status).toBe(200);
    expect(await nameOf()).toBe("Sri Lestari");
  });

  it("P4. a reload refused for a broken flow and a broken message file logs each problem under its own code", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const root = copies();
    const lines: string[] = [];
    const loket = await telegramInstance(root, emu, {}, lines);
    edit(join(root, "flows/menu.yaml"), "type:", "tipe:");
    edit(join(root, "messages/en/telegram.yaml"), "Talk to a staff member", 'Talk to "a staff member');
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(false);
    const problems = lines.map((l) => JSON.parse(l) as { code?: string; file?: string }).filter((l) => l.file);
    expect(problems.some((p) => p.code === "FLOW_INVALID" && p.file!.includes("flows/menu.yaml"))).toBe(true);
    expect(problems.some((p) => p.code === "MESSAGES_INVALID" && p.file!.includes("messages/en/telegram.yaml"))).toBe(true);
  });
});
