import { createHash } from "node:crypto";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { logSafeId, useLogIdKey } from "../../src/log.js";

describe("conversation ids in logs", () => {
  it("are keyed with this installation's secret: not a plain hash of the phone number, the same for every instance on the DATA_DIR", () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-logid-"));
    const plain = `whatsapp:#${createHash("sha256").update("6281234567890@c.us").digest("hex").slice(0, 12)}`;
    useLogIdKey(dir);
    const first = logSafeId("whatsapp:6281234567890@c.us");
    expect(first).toMatch(/^whatsapp:#[0-9a-f]{12}$/);
    expect(first).not.toBe(plain);
    expect(statSync(join(dir, "log-id.key")).mode & 0o777).toBe(0o600);
    // Another process on the same DATA_DIR (an instance, `npm run staff -- log-id`): the same name.
    useLogIdKey(dir);
    expect(logSafeId("whatsapp:6281234567890@c.us")).toBe(first);
    // Another installation: another name.
    useLogIdKey(mkdtempSync(join(tmpdir(), "loket-logid-")));
    expect(logSafeId("whatsapp:6281234567890@c.us")).not.toBe(first);
    expect(logSafeId("web:5f0c")).toBe("web:5f0c");
  });

  it("never fall back to the plain hash: an unreadable or empty key stops the start with what to do", () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-logid-"));
    writeFileSync(join(dir, "log-id.key"), "");
    expect(() => useLogIdKey(dir)).toThrow(expect.objectContaining({ code: "LOG_ID_KEY_UNREADABLE", message: expect.stringContaining("delete it and start again") }));
  });
});
