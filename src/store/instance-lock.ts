import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { LoketError } from "../errors.js";

/**
 * The embedded store belongs to one process: a second Loket started on the same DATA_DIR (a
 * second `npm start`, a service restarted while the old process still runs) would answer from
 * its own memory and overwrite the first one's answers. `DATA_DIR/loket.pid` names the process
 * that holds it; a second start on the same machine while that process lives is refused. A file
 * left by a process that died (a crash, `kill -9`, a container restarted) is taken over.
 * Several instances are for Redis (REDIS_URL), which has its own locks. `npm run staff` does
 * not take it: it only touches staff records, with SQLite's own locking.
 * Returns the release, for a clean stop.
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, "loket.pid");
  const mine = `${process.pid}\n${hostname()}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, mine, { flag: "wx" });
      return () => {
        try {
          if (readFileSync(path, "utf8") === mine) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw err;
    }
    const [pid, host] = safeRead(path).split("\n");
    const holder = Number(pid);
    if (host === hostname() && Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new LoketError(
        "DATA_DIR_IN_USE",
        `Another Loket (process ${holder}) is already running on DATA_DIR ${dir}. Stop it first, or give this one another DATA_DIR; several instances share one store only on Redis (REDIS_URL).`,
        { pid: holder },
      );
    }
    try {
      unlinkSync(path); // left by a process that is gone
    } catch {
      // taken over meanwhile: the next attempt says so
    }
  }
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** Whether a process of this machine with that id exists (another user's counts). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
