import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSqliteStore, openSqlite } from "../../src/store/sqlite.js";

/**
 * The disk holding DATA_DIR fills up (uploads, a log file, a backup left beside it): every
 * citizen is told the service is disturbed, and the operator's log said only "sqlite failed".
 * The error says what SQLite said and what to do, so the log line leads to the disk.
 */
describe("the embedded store on a full disk", () => {
  it("a failed write names SQLITE_FULL and the full disk of DATA_DIR", async () => {
    const db = openSqlite(join(mkdtempSync(join(tmpdir(), "loket-full-")), "loket.db"));
    const store = createSqliteStore(db);
    await store.put("staff", "a", { x: 1 });
    // No page more than it has: as a full disk, SQLite answers SQLITE_FULL.
    db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true }) as number}`);
    const big = "x".repeat(200_000);
    const put = await store.put("staff", "b", { big }).then(() => undefined, (err: Error) => err);
    expect(put?.message).toMatch(/SQLITE_FULL.*disk.*full.*DATA_DIR/);
    const turn = await store.begin("c", {});
    const commit = await turn.commit({ transcript: [{ at: new Date().toISOString(), from: "citizen", text: big }] }).then(() => undefined, (err: Error) => err);
    expect(commit?.message).toMatch(/SQLITE_FULL.*DATA_DIR/);
    // Space freed: the next writes go through, as the message promises.
    db.pragma("max_page_count = 1073741823");
    await store.put("staff", "b", { big });
    expect(await store.get("staff", "b")).toEqual({ big });
    const again = await store.begin("c", {});
    await again.commit({ transcript: [{ at: new Date().toISOString(), from: "citizen", text: "halo" }] });
    await store.close();
  });
});
