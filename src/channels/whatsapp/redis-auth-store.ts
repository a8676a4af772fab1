import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Redis } from "ioredis";

/**
 * The store interface of whatsapp-web.js's `RemoteAuth` (src/authStrategies/RemoteAuth.js):
 * it zips the browser profile to `<dataPath>/<session>.zip`, then calls `save({ session })`;
 * on start it calls `extract({ session, path })` and unzips what was written to `path`.
 */
export interface RemoteAuthStore {
  sessionExists(opts: { session: string }): Promise<boolean>;
  save(opts: { session: string }): Promise<void>;
  extract(opts: { session: string; path: string }): Promise<void>;
  delete(opts: { session: string }): Promise<void>;
}

export interface RedisAuthStoreOptions {
  /** The `dataPath` given to RemoteAuth: where it writes `<session>.zip`. Default: the working directory. */
  dataPath?: string;
  /** Redis key prefix. Default `loket:whatsapp:session:`. */
  keyPrefix?: string;
}

/**
 * Keeps the WhatsApp Web session archive in Redis, so a restarted or moved instance needs no
 * new QR scan. The archive is stored as one binary-safe string value (Buffers in and out).
 * whatsapp-web.js 1.34 writes the zip under its `dataPath`; versions before wrote it to the
 * working directory, so `save` falls back to `./<session>.zip`.
 */
export function createRedisAuthStore(redis: Redis, opts: RedisAuthStoreOptions = {}): RemoteAuthStore {
  const prefix = opts.keyPrefix ?? "loket:whatsapp:session:";
  const dir = resolve(opts.dataPath ?? ".");
  const key = (session: string): string => `${prefix}${session}`;

  async function readArchive(session: string): Promise<Buffer> {
    const name = `${session}.zip`;
    try {
      return await readFile(join(dir, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      return await readFile(resolve(name));
    }
  }

  return {
    async sessionExists({ session }) {
      return (await redis.exists(key(session))) === 1;
    },
    async save({ session }) {
      const bytes = await readArchive(session);
      await redis.set(key(session), bytes);
    },
    async extract({ session, path }) {
      const bytes = await redis.getBuffer(key(session));
      if (!bytes) throw new Error(`no WhatsApp session "${session}" in Redis`);
      await writeFile(path, bytes);
    },
    async delete({ session }) {
      await redis.del(key(session));
    },
  };
}
