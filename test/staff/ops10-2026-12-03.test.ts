import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { startChannels } from "../../src/channels/start.js";
import { loadConfig } from "../../src/config.js";
import { edit } from "../support/clerk-copy.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { startRedisProcess, uniquePrefix, type RedisProcess } from "../support/redis.js";

/**
 * Held-out ops10 (2026-12-03), written before the change: a clerk edits messages/id/staff.yaml
 * (the staff group's command menu, `staff_notice.command.*`, and the texts Loket posts there,
 * `staff_notice.*`) and reloads; the Telegram staff group follows, as the citizens' menu does
 * (ops8): one group-scoped setMyCommands per reload that changed a description (one however many
 * instances took it, on one Redis), none for a reload that changed none or was refused, and the
 * next topic says the new words. Loket started as main.ts starts it (buildLoket, startChannels),
 * Telegram on the Bot API emulator, a citizen on the web chat over loopback HTTP.
 */
const GROUP = -1001234500010;
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
  const d = mkdtempSync(join(tmpdir(), `loket-ops10-${kind}-`));
  dirs.push(d);
  return d;
};
function copies(): string {
  const root = temp("root");
  for (const d of ["knowledge", "flows", "messages"]) cpSync(d, join(root, d), { recursive: true });
  return root;
}

async function groupLoket(root: string, emu: BotApiEmulator, env: Record<string, string> = {}): Promise<{ loket: Loket; base: string }> {
  const config = loadConfig({
    DATA_DIR: temp("data"),
    LOG_LEVEL: "silent",
    KNOWLEDGE_DIR: join(root, "knowledge"),
    FLOWS_DIR: join(root, "flows"),
    TELEGRAM_BOT_TOKEN: emu.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    TELEGRAM_STAFF_CHAT_ID: String(GROUP),
    ...env,
  });
  const loket = await buildLoket(config, { logger: pino({ level: "silent" }), sweepEveryMs: false, messagesDir: join(root, "messages") });
  closers.push(() => loket.close());
  await startChannels(loket);
  await loket.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = loket.app.server.address();
  return { loket, base: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}` };
}

type Command = { command: string; description: string };
/** The staff group's menus as set (setMyCommands scoped to the group's chat). */
const groupMenus = (emu: BotApiEmulator) =>
  emu.calls.filter((c) => c.method === "setMyCommands" && (c.payload.scope as { chat_id?: unknown } | undefined)?.chat_id !== undefined && String((c.payload.scope as { chat_id: unknown }).chat_id) === String(GROUP)).map((c) => c.payload.commands as Command[]);
const describes = (menu: Command[] | undefined, command: string) => menu?.find((c) => c.command === command)?.description;
const settle = () => new Promise((r) => setTimeout(r, 800));

/** A web citizen asks for a person: the case opens a topic in the group. */
async function askForPerson(base: string): Promise<void> {
  const { conversationId, token } = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
  const res = await fetch(`${base}/api/conversations/${conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ text: "saya mau bicara dengan petugas" }) });
  expect(res.status).toBe(200);
}
const topicNames = (emu: BotApiEmulator) => emu.calls.filter((c) => c.method === "createForumTopic").map((c) => String(c.payload.name));

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
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniquePrefix("ops10"), TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook", TELEGRAM_WEBHOOK_SECRET: "rahasia-webhook-ops10" };
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
