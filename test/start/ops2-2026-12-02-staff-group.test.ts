import { mkdtempSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startChannels } from "../../src/channels/start.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";

/**
 * Held-out acceptance (ops2, 2026-12-02): an operator who sets TELEGRAM_STAFF_CHAT_ID to a wrong id
 * (or forgets to add the bot, or to make it an admin) must learn it at start, from one log line and
 * from /healthz, not when a hand-off silently goes nowhere. Telegram being down must neither stop
 * Loket nor hold "ready" back. Written before the change; first run on the unchanged code (ad1b3a4): 1/9
 * (7, where nothing was to be said: start is not held and the web chat works).
 */
const GROUP = -1001234567890;

interface HealthBody {
  ok: boolean;
  parts: Record<string, { ok: boolean; detail?: string }>;
}

interface Started {
  loket: Loket;
  lines: () => string[];
  startMs: number;
  staffGroup: () => Promise<{ ok: boolean; detail?: string } | undefined>;
  health: () => Promise<{ status: number; body: HealthBody }>;
}

const opened: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close().catch(() => undefined);
});

async function start(env: Record<string, string>): Promise<Started> {
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (s: string) => void lines.push(s) });
  const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "loket-ops2-")), LOG_LEVEL: "info", ...env });
  const loket = await buildLoket(config, { logger, sweepEveryMs: false });
  opened.push(() => loket.close());
  const t0 = performance.now();
  await startChannels(loket);
  const startMs = performance.now() - t0;
  const health = async () => {
    const r = await loket.app.inject({ url: "/healthz" });
    return { status: r.statusCode, body: r.json() as HealthBody };
  };
  return { loket, lines: () => lines, startMs, health, staffGroup: async () => (await health()).body.parts.staffGroup };
}

async function withEmulator(prepare?: (emu: BotApiEmulator) => void): Promise<{ emu: BotApiEmulator; s: Started }> {
  const emu = await startBotApiEmulator();
  opened.push(() => emu.close());
  prepare?.(emu);
  const s = await start({ TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot, TELEGRAM_STAFF_CHAT_ID: String(GROUP) });
  return { emu, s };
}

/** The staff group's line in the log, once the check has answered. */
async function groupLine(s: Started): Promise<Record<string, unknown>> {
  await expect.poll(() => s.lines().some((l) => /staff group/i.test(l)), { timeout: 10_000 }).toBe(true);
  return JSON.parse(s.lines().find((l) => /staff group/i.test(l))!) as Record<string, unknown>;
}

async function settled(s: Started): Promise<{ ok: boolean; detail?: string }> {
  await expect.poll(async () => (await s.staffGroup())?.detail ?? "", { timeout: 10_000 }).not.toMatch(/^(?:checking)?$/);
  return (await s.staffGroup())!;
}

describe("the Telegram staff group is checked at start (ops2)", () => {
  it("1: a good group: /healthz says staffGroup ok, and one info line says the bot can post there", async () => {
    const { emu, s } = await withEmulator();
    expect(await settled(s)).toEqual({ ok: true, detail: "ok" });
    const line = await groupLine(s);
    expect(line.level).toBe(30);
    expect(JSON.stringify(s.lines())).not.toContain(emu.token);
  });

  it("2: an id the bot is not in (Telegram: 400 chat not found): not ok, the reason in /healthz, a warning naming TELEGRAM_STAFF_CHAT_ID and where hand-offs go instead", async () => {
    const { emu, s } = await withEmulator((e) => e.setChat(GROUP, { status: 400, description: "Bad Request: chat not found" }));
    const g = await settled(s);
    expect(g.ok).toBe(false);
    expect(g.detail).toMatch(/chat not found/);
    const line = await groupLine(s);
    expect(line.level).toBe(40);
    expect(String(line.msg)).toContain("TELEGRAM_STAFF_CHAT_ID");
    expect(String(line.msg)).toMatch(/hand-offs?/i);
    expect(String(line.msg)).toMatch(/\/staff|console/);
    expect(JSON.stringify(s.lines())).not.toContain(emu.token);
    // A channel that is wrong does not make Loket unhealthy: the web chat and console run.
    expect((await s.health()).status).toBe(200);
  });

  it("3: the bot was removed from the group (403): not ok, said as Telegram says it", async () => {
    const { s } = await withEmulator((e) => e.setChat(GROUP, { status: 403, description: "Forbidden: bot was kicked from the supergroup chat" }));
    const g = await settled(s);
    expect(g.ok).toBe(false);
    expect(g.detail).toMatch(/kicked/);
  });

  it("4: the bot is in the group but not an admin allowed to manage topics: not ok, says what to change", async () => {
    const { s } = await withEmulator((e) => e.setBotMember(GROUP, { status: "member" }));
    const g = await settled(s);
    expect(g.ok).toBe(false);
    expect(g.detail).toMatch(/admin/i);
    expect(g.detail).toMatch(/topics/i);
  });

  it("5: a group without Topics (not a forum): not ok, says to switch Topics on", async () => {
    const { s } = await withEmulator((e) => e.setChat(GROUP, { type: "supergroup", is_forum: false }));
    const g = await settled(s);
    expect(g.ok).toBe(false);
    expect(g.detail).toMatch(/topics/i);
  });

  it("6: Telegram unreachable: start is not held, Loket runs, /healthz says unreachable with the reason", async () => {
    const closed = await startBotApiEmulator();
    const { apiRoot, token } = closed;
    await closed.close();
    const s = await start({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_STAFF_CHAT_ID: String(GROUP) });
    expect(s.startMs).toBeLessThan(2_000);
    const g = await settled(s);
    expect(g.ok).toBe(false);
    expect(g.detail).toMatch(/^unreachable: /);
    expect((await s.health()).status).toBe(200);
  });

  it("7: Telegram that does not answer at all: startChannels returns at once (the check runs in the background)", async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    opened.push(() => new Promise((r) => (sockets.forEach((x) => x.destroy()), silent.close(r))));
    const port = (silent.address() as { port: number }).port;
    const s = await start({ TELEGRAM_BOT_TOKEN: "7000001:abcdefabcdefabcdefabcdef", TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`, TELEGRAM_STAFF_CHAT_ID: String(GROUP) });
    expect(s.startMs).toBeLessThan(2_000);
    const r = await s.loket.app.inject({ method: "POST", url: "/api/conversations", payload: {} });
    expect(r.statusCode).toBeLessThan(300);
  });

  it("8: a bot without a staff group: staffGroup 'not configured' (hand-offs reach the web console only), ok", async () => {
    const emu = await startBotApiEmulator();
    opened.push(() => emu.close());
    const s = await start({ TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot });
    expect(await s.staffGroup()).toEqual({ ok: true, detail: "not configured" });
  });

  it("9: no Telegram at all: staffGroup 'not configured'", async () => {
    const s = await start({});
    expect(await s.staffGroup()).toEqual({ ok: true, detail: "not configured" });
  });
});
