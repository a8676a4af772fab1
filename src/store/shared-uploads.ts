import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * Several instances on one Redis share applications, but documents are files under each
 * instance's DATA_DIR/uploads: staff on an instance with a folder of its own cannot open the
 * documents other instances received (its console says "not found"). The first instance leaves a
 * random mark in Redis and in its uploads folder; an instance whose folder lacks that mark (its
 * own folder, or one emptied since) says so at start. Checked once, by the instance itself;
 * nothing is changed when the marks differ.
 * Returns true when the folder is shared (or is the first), false when it is not.
 */
/** How long a mark just set by another instance may take to appear in the folder. */
const SETTLE_MS = 2_000;

export async function checkSharedUploads(client: Redis, keyPrefix: string, dataDir: string, logger: Logger): Promise<boolean> {
  const key = `${keyPrefix}uploads:mark`;
  const file = join(dataDir, "uploads", ".loket-mark");
  const readLocal = () => readFile(file, "utf8").then((t) => t.trim() || undefined, () => undefined);
  let local = await readLocal();
  const mark = local ?? randomBytes(12).toString("hex");
  // The first instance (or the first after an upgrade) sets the mark; the others compare.
  const set = await client.set(key, mark, "NX");
  const shared = set === "OK" ? mark : await client.get(key);
  // Two instances starting together on a new shared folder: the other may be writing its mark
  // right now. Looked at again shortly before anything is said.
  if (set !== "OK" && local === undefined) {
    await new Promise((r) => setTimeout(r, SETTLE_MS).unref());
    local = await readLocal();
  }
  if (set === "OK" || shared === local) {
    if (local === undefined) {
      await mkdir(join(dataDir, "uploads"), { recursive: true });
      await writeFile(file, `${mark}\n`);
    }
    return true;
  }
  logger.warn(
    { code: "UPLOADS_NOT_SHARED", dataDir },
    "DATA_DIR is not the folder the other Loket instances on this Redis keep documents in (or it was emptied): staff on this instance cannot open documents other instances received, nor they this one's, and a document erased through another instance (retention, 'hapus data saya') is not deleted from this one's folder, nor the reverse. Give every instance the same shared DATA_DIR (README: Several instances)",
  );
  return false;
}
