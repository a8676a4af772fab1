import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FileStore } from "./port.js";

const HASH = /^[a-f0-9]{64}$/;

/**
 * Documents by content hash under `<dir>/uploads/ab/cd/<sha256>`: never under a name the
 * citizen chose, never inside a web root. Writes go to a temp file and are renamed, so a
 * crash never leaves half a document under its hash.
 */
export function createFileStore(dir: string): FileStore {
  const root = join(dir, "uploads");
  const pathOf = (sha: string) => {
    if (!HASH.test(sha)) throw new Error("not a sha256 hex digest");
    return join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
  };
  return {
    async put(bytes) {
      const sha = createHash("sha256").update(bytes).digest("hex");
      const path = pathOf(sha);
      await mkdir(join(root, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
      const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
      await writeFile(tmp, bytes, { mode: 0o600 });
      await rename(tmp, path);
      return sha;
    },
    async get(sha) {
      if (!HASH.test(sha)) return null;
      return readFile(pathOf(sha)).catch(() => null);
    },
    async writtenAt(sha) {
      if (!HASH.test(sha)) return null;
      const st = await stat(pathOf(sha)).catch(() => null);
      return st ? st.mtimeMs : null;
    },
    async dropStaleTemp(before) {
      let dropped = 0;
      const TEMP = /^[a-f0-9]{64}\.[a-f0-9]{12}\.tmp$/;
      for (const a of await readdir(root).catch(() => [] as string[])) {
        if (!/^[a-f0-9]{2}$/.test(a)) continue;
        for (const b of await readdir(join(root, a)).catch(() => [] as string[])) {
          if (!/^[a-f0-9]{2}$/.test(b)) continue;
          for (const name of await readdir(join(root, a, b)).catch(() => [] as string[])) {
            if (!TEMP.test(name)) continue;
            const path = join(root, a, b, name);
            const st = await stat(path).catch(() => null);
            if (st && st.mtimeMs < before) {
              await rm(path, { force: true });
              dropped++;
            }
          }
        }
      }
      return dropped;
    },
    async delete(sha, opts) {
      if (!HASH.test(sha)) return false;
      const path = pathOf(sha);
      const st = await stat(path).catch(() => null);
      if (!st) return false;
      // A put renames a new file over the path: its mtime says when it was last written.
      if (opts?.writtenBefore !== undefined && st.mtimeMs >= opts.writtenBefore) return false;
      await rm(path, { force: true });
      return true;
    },
  };
}
