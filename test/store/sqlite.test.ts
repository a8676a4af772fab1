import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore, openSqlite } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/port.js";
import { pinnedClock, storeContract } from "./contract.js";

const tempDb = () => join(mkdtempSync(join(tmpdir(), "loket-sqlite-")), "loket.db");
const paths = new WeakMap<Store, string>();
storeContract("sqlite", {
  make: async () => {
    const path = tempDb();
    const s = createSqliteStore(openSqlite(path));
    paths.set(s, path);
    return s;
  },
  // Close and open the same file: a process restart.
  reopen: async (old) => {
    const path = paths.get(old)!;
    await old.close();
    return createSqliteStore(openSqlite(path));
  },
  withTtl: async (ttlMs) => {
    const clock = pinnedClock();
    return { store: createSqliteStore(openSqlite(tempDb()), { now: clock.now, conversationTtlDays: ttlMs / 86_400_000 }), pass: clock.pass };
  },
});
