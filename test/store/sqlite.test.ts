import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore, openSqlite } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/port.js";
import { storeContract } from "./contract.js";

const paths = new WeakMap<Store, string>();
storeContract("sqlite", {
  make: async () => {
    const path = join(mkdtempSync(join(tmpdir(), "loket-sqlite-")), "loket.db");
    const s = createSqliteStore(openSqlite(path));
    paths.set(s, path);
    return s;
  },
  reopen: async (old) => {
    const path = paths.get(old)!;
    await old.close();
    return createSqliteStore(openSqlite(path));
  },
});
