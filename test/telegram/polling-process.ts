import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect } from "vitest";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import { startLoketProcess, type LoketProcess } from "../support/process.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

/**
 * Real Loket processes polling the Bot API emulator, on either store: each `stores[kind]()` is a
 * fresh data folder (and Redis prefix), removed after the file's tests. For tests that kill or
 * stop the process mid-turn.
 */
export function pollingStores(name: string) {
  const root = mkdtempSync(join(tmpdir(), `loket-${name}-`));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  return {
    sqlite: () => ({ DATA_DIR: join(root, `d${++n}`), REDIS_URL: "" }),
    redis: () => ({ DATA_DIR: join(root, `d${++n}`), REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix(name.replace(/-/g, "")) }),
  };
}

/** Starts Loket on `env` with Telegram polling the emulator; resolves once polling is up. */
export async function startPollingLoket(emu: BotApiEmulator, env: Record<string, string>): Promise<LoketProcess> {
  const loket = await startLoketProcess({ ...env, TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot });
  await expect
    .poll(async () => (await (await fetch(`${loket.base}/healthz`)).json()) as unknown, { timeout: 15_000 })
    .toMatchObject({ parts: { telegram: { ok: true, detail: "polling" } } });
  return loket;
}

export const callsTo = (emu: BotApiEmulator, method: string, chat: number) => emu.calls.filter((c) => c.method === method && Number(c.payload.chat_id) === chat);
/** The offset of the last getUpdates: every update below it is confirmed to Telegram. */
export const lastOffset = (emu: BotApiEmulator) => Number(emu.calls.filter((c) => c.method === "getUpdates").at(-1)?.payload.offset ?? 0);
