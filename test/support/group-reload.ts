import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { startChannels } from "../../src/channels/start.js";
import { loadConfig } from "../../src/config.js";
import type { BotApiEmulator } from "./botapi-emulator.js";
import { startRedisProcess, type RedisProcess } from "./redis.js";

/**
 * The world of ops10's sets (a clerk's reload reaching the Telegram staff group): copies of
 * knowledge/, flows/ and messages/ a test may edit, Lokets started as main.ts starts them
 * (buildLoket, startChannels) with the staff group on the Bot API emulator, a real redis-server
 * for the sets that run two instances, and what the group was sent. Call it at a file's top level:
 * it registers the file's hooks (everything made is closed and removed after each test).
 */
export const GROUP = -1001234500010;
export type Command = { command: string; description: string };

export function groupReloadWorld(name: string) {
  const dirs: string[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  const box: { redis?: RedisProcess } = {};
  beforeAll(async () => {
    box.redis = await startRedisProcess();
  });
  afterAll(async () => box.redis?.stop());
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const temp = (kind: string) => {
    const d = mkdtempSync(join(tmpdir(), `loket-${name}-${kind}-`));
    dirs.push(d);
    return d;
  };
  /** A copy of the three folders a clerk edits, in a new temporary root. */
  function copies(): string {
    const root = temp("root");
    for (const d of ["knowledge", "flows", "messages"]) cpSync(d, join(root, d), { recursive: true });
    return root;
  }
  /** A Loket on `root`'s folders with the staff group on `emu`, listening on loopback. */
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
  return { closers, temp, copies, groupLoket, redis: () => box.redis! };
}

/** The staff group's menus as set (setMyCommands scoped to the group's chat). */
export const groupMenus = (emu: BotApiEmulator) =>
  emu.calls.filter((c) => c.method === "setMyCommands" && (c.payload.scope as { chat_id?: unknown } | undefined)?.chat_id !== undefined && String((c.payload.scope as { chat_id: unknown }).chat_id) === String(GROUP)).map((c) => c.payload.commands as Command[]);
export const describes = (menu: Command[] | undefined, command: string) => menu?.find((c) => c.command === command)?.description;
export const settle = () => new Promise((r) => setTimeout(r, 800));
export const topicNames = (emu: BotApiEmulator) => emu.calls.filter((c) => c.method === "createForumTopic").map((c) => String(c.payload.name));

/** A web citizen asks for a person: the case opens a topic in the group. */
export async function askForPerson(base: string): Promise<void> {
  const { conversationId, token } = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
  const res = await fetch(`${base}/api/conversations/${conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ text: "saya mau bicara dengan petugas" }) });
  expect(res.status).toBe(200);
}
