import type { HandoffCase } from "../../src/domain/records.js";
import { createTelegramBot, prepareTelegram, startTelegram } from "../../src/channels/telegram/index.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

/**
 * Instance A takes the Telegram citizen's updates (long polling on the emulator), instance B only
 * sends (its Telegram channel registered, not polling): both on one Redis under one key prefix.
 * `between` runs on B in the gap between A's turn committing (its lock released) and A sending the
 * turn's replies, which A then sends 300 ms later. Made for staff8's held-out and probe files.
 */
export async function twoTelegramInstances(
  cleanups: (() => Promise<void> | void)[],
  between: (b: TestLoket, waiting: HandoffCase) => Promise<unknown>,
  opts: { unclaimed?: boolean } = {},
) {
  const emu = await startBotApiEmulator();
  const env = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("staff8") };
  const a = await createTestLoket({ store: "redis", env });
  const b = await createTestLoket({ store: "redis", env });
  cleanups.push(() => emu.close(), () => a.close(), () => b.close());
  const runtime = a.loket.runtime;
  let racing = true;
  const raced = Object.assign(Object.create(runtime) as typeof runtime, {
    async handle(inbound: Parameters<typeof runtime.handle>[0]) {
      const replies = await runtime.handle(inbound);
      const open = (await a.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting");
      if (open && racing) {
        racing = false;
        void between(b, open);
      }
      await new Promise((r) => setTimeout(r, 300));
      // `unclaimed`: sent as a tool would, without its place (a copy of the replies).
      return opts.unclaimed ? [...replies] : replies;
    },
  });
  const started = await startTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: a.config.UPLOAD_MAX_BYTES } as never, {
    bot: createTelegramBot(emu.token, emu.apiRoot),
    runtime: raced,
    logger: a.loket.logger,
    messages: a.loket.messages.get("id")!,
    app: a.loket.app,
    flood: UNLIMITED,
  });
  cleanups.push(() => started.stop());
  prepareTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: b.config.UPLOAD_MAX_BYTES } as never, {
    bot: createTelegramBot(emu.token, emu.apiRoot),
    runtime: b.loket.runtime,
    logger: b.loket.logger,
    messages: b.loket.messages.get("id")!,
    app: b.loket.app,
    flood: UNLIMITED,
  });
  const texts = (chat: number) => emu.sentTo(chat).map((m) => m.text ?? "");
  return { emu, a, b, texts, env };
}

