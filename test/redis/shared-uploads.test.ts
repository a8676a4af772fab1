import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { checkSharedUploads } from "../../src/store/shared-uploads.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

describe("instances on one Redis share DATA_DIR (documents are files there)", () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.disconnect());
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (l: string) => lines.push(l) });

  it("the first instance marks its folder; one with the same folder agrees; one with its own, or an emptied one, is told at start", async () => {
    const prefix = uniquePrefix("uploads");
    const shared = mkdtempSync(join(tmpdir(), "loket-shared-"));
    const own = mkdtempSync(join(tmpdir(), "loket-own-"));
    expect(await checkSharedUploads(redis, prefix, shared, logger)).toBe(true);
    expect(await checkSharedUploads(redis, prefix, shared, logger)).toBe(true);
    expect(lines).toEqual([]);
    expect(await checkSharedUploads(redis, prefix, own, logger)).toBe(false);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, code: "UPLOADS_NOT_SHARED" });
    // The shared folder lost (a volume not mounted): the same warning.
    rmSync(join(shared, "uploads"), { recursive: true });
    expect(await checkSharedUploads(redis, prefix, shared, logger)).toBe(false);
    // Another office on the same Redis (another key prefix) has marks of its own.
    expect(await checkSharedUploads(redis, uniquePrefix("uploads"), own, logger)).toBe(true);
  });
});
