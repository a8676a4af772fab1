import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import { answerFor, REGISTRATION, type CitizenInput } from "../support/citizen.js";
import { startLoketProcess, type LoketProcess } from "../support/process.js";

/**
 * A citizen's words survive Loket dying (SIGKILL: the OOM killer, a power cut of the VM) at any
 * point of an application on the embedded store: restarted on the same DATA_DIR, the form is
 * where it was, documents stay attached, and a message the page sends again (same id, its
 * answer lost with the process) is answered once, with the answer it got.
 */
const root = mkdtempSync(join(tmpdir(), "loket-resilience-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Conv {
  conversationId: string;
  token: string;
}
const open = async (base: string): Promise<Conv> => (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as Conv;

async function send(base: string, c: Conv, input: CitizenInput, messageId = randomUUID()): Promise<{ status: number; replies: Outbound[] }> {
  let res: Response;
  if ("file" in input) {
    const fd = new FormData();
    fd.append("messageId", messageId);
    fd.append("file", new Blob([new Uint8Array(input.file)]), input.filename);
    res = await fetch(`${base}/api/conversations/${c.conversationId}/uploads`, { method: "POST", headers: { authorization: `Bearer ${c.token}` }, body: fd });
  } else {
    res = await fetch(`${base}/api/conversations/${c.conversationId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${c.token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...input, messageId }),
    });
  }
  const body = (await res.json()) as { replies: Outbound[] };
  return { status: res.status, replies: body.replies };
}

const history = async (base: string, c: Conv) =>
  ((await (await fetch(`${base}/api/conversations/${c.conversationId}/history`, { headers: { authorization: `Bearer ${c.token}` } })).json()) as { lines: ({ from: string; text: string } & Pick<Outbound, "expects" | "choices">)[] }).lines;

const text = (r: Outbound[]) => r.map((o) => o.text).join("\n");

/** Reads the database file of a stopped Loket (nothing else has it open). */
function applicationsIn(dataDir: string): { number: string; documents: Record<string, { sha256: string }> }[] {
  const db = new Database(join(dataDir, "loket.db"), { readonly: true });
  try {
    return db.prepare<[], { value: string }>("SELECT value FROM records WHERE collection = 'applications'").all().map((r) => JSON.parse(r.value));
  } finally {
    db.close();
  }
}

describe("SIGKILL during an application on the embedded store", () => {
  it("after each kill the form is where it was, and a message sent again gets the answer it got, once", async () => {
    const dataDir = join(root, "web");
    let loket: LoketProcess = await startLoketProcess({ DATA_DIR: dataDir });
    const killAndStart = async () => {
      await loket.kill("SIGKILL");
      loket = await startLoketProcess({ DATA_DIR: dataDir });
    };
    try {
      const c = await open(loket.base);
      // The permit chosen: the consent question waits after the restart.
      let r = (await send(loket.base, c, { text: "saya mau mengajukan izin reklame" })).replies;
      expect(r.at(-1)?.expects).toEqual({ field: "consent", kind: "choice" });
      await killAndStart();
      expect((await history(loket.base, c)).at(-1)?.expects).toEqual({ field: "consent", kind: "choice" });
      const kinds = new Set<string>();
      for (let i = 0; i < 80 && !REGISTRATION.test(text(r)); i++) {
        const asked = r.at(-1)?.expects;
        const next = answerFor(r.at(-1));
        expect(next, text(r)).toBeDefined();
        const id = randomUUID();
        const first = await send(loket.base, c, next!, id);
        expect(first.status).toBe(200);
        r = first.replies;
        // Killed once after each kind of answer (a typed field, a choice, a document, "ya"): the
        // page whose answer was lost sends the same message again, with the same id.
        if (asked && !kinds.has(asked.kind)) {
          kinds.add(asked.kind);
          await killAndStart();
          const again = await send(loket.base, c, next!, id);
          expect(again.status).toBe(200);
          expect(again.replies, `the retry of the ${asked.kind} answer after a restart`).toEqual(first.replies);
        }
      }
      const number = REGISTRATION.exec(text(r))?.[0];
      expect(number).toBeTruthy();
      expect([...kinds]).toEqual(expect.arrayContaining(["choice", "text", "nik", "phone", "file", "confirm"]));
      await loket.kill("SIGKILL");
      const apps = applicationsIn(dataDir);
      expect(apps.map((a) => a.number)).toEqual([number]);
      // Every document the application names is on disk.
      const docs = Object.values(apps[0]!.documents);
      expect(docs.length).toBeGreaterThan(0);
      for (const d of docs) expect(existsSync(join(dataDir, "uploads", d.sha256.slice(0, 2), d.sha256.slice(2, 4), d.sha256))).toBe(true);
    } finally {
      await loket.kill("SIGKILL");
    }
  }, 240_000);
});

describe("the embedded store's file locked by another program while messages arrive", () => {
  it("each message is refused politely within the lock wait, not one lock wait per message with every channel frozen meanwhile, and is taken when sent again", async () => {
    const dataDir = join(root, "locked");
    const loket = await startLoketProcess({ DATA_DIR: dataDir, RATE_LIMIT_BURST: "1000", RATE_LIMIT_PER_SECOND: "1000" });
    const other = new Database(join(dataDir, "loket.db"));
    try {
      const citizens = await Promise.all(Array.from({ length: 6 }, () => open(loket.base)));
      // A clerk's database browser with an unsaved edit holds the write lock (an online backup does not).
      other.prepare("BEGIN IMMEDIATE").run();
      other.prepare("INSERT INTO sequences (name, value) VALUES ('held-by-a-browser', 1)").run();
      const ids = citizens.map(() => randomUUID());
      const started = Date.now();
      const answers = await Promise.all(
        citizens.map(async (c, i) => {
          const res = await send(loket.base, c, { text: "syarat pbg apa saja?" }, ids[i]);
          return { ...res, ms: Date.now() - started };
        }),
      );
      for (const a of answers) {
        expect(a.status).toBe(503);
        expect(text(a.replies)).toMatch(/Bapak\/Ibu/);
      }
      // SQLite's lock wait is 5 s; the messages came at once: two waits at most, not one per message.
      expect(Math.max(...answers.map((a) => a.ms)), answers.map((a) => a.ms).join(" ")).toBeLessThan(13_000);
      // The child's log reaches this process through a pipe: on a loaded machine a moment after the replies.
      await vi.waitFor(() => expect(loket.output()).toMatch(/database browser/), { timeout: 10_000, interval: 100 });
      other.prepare("ROLLBACK").run();
      // Sent again (the page does, with the same id): taken.
      for (const [i, c] of citizens.entries()) {
        const again = await send(loket.base, c, { text: "syarat pbg apa saja?" }, ids[i]);
        expect(again.status).toBe(200);
        expect(text(again.replies)).toContain("Persetujuan Bangunan Gedung");
      }
    } finally {
      if (other.inTransaction) other.prepare("ROLLBACK").run();
      other.close();
      await loket.kill("SIGKILL");
    }
  }, 120_000);
});

describe("the README's online backup of loket.db while citizens write", () => {
  it("finishes while messages keep arriving (an online backup restarted at every write, and never ended during office hours)", async () => {
    const project = join(root, "backup-project");
    const dataDir = join(project, "data");
    const env = { DATA_DIR: dataDir, RATE_LIMIT_BURST: "1000", RATE_LIMIT_PER_SECOND: "1000" };
    // An office's database after some months: ~80 MB.
    await (await startLoketProcess(env)).kill("SIGTERM");
    const db = new Database(join(dataDir, "loket.db"));
    const add = db.prepare("INSERT INTO records (collection, key, value) VALUES ('audit', ?, ?)");
    const pad = "x".repeat(2000);
    db.transaction(() => {
      for (let i = 0; i < 40_000; i++) add.run(`2026-01-01T00:00:00.000Z-${i}`, JSON.stringify({ i, pad }));
    })();
    db.close();
    const readme = readFileSync("README.md", "utf8").replace(/\n\s*/g, " ");
    const command = /`(\(umask 077; node -e "require\('better-sqlite3'\)\('data\/loket\.db'[^`]*)`/.exec(readme)?.[1];
    expect(command, "the README's backup command").toBeTruthy();
    const loket = await startLoketProcess(env);
    try {
      const citizens = await Promise.all(Array.from({ length: 4 }, () => open(loket.base)));
      // Each citizen has written once before the backup starts, so the copy must hold all four (a fast
      // backup may otherwise end before a citizen's first message was stored).
      for (const c of citizens) expect((await send(loket.base, c, { text: "halo" })).status).toBe(200);
      const backup = spawn("sh", ["-c", command!], { cwd: project, env: { ...process.env, NODE_PATH: join(process.cwd(), "node_modules") }, stdio: "ignore" });
      let exit: number | null | undefined;
      const ended = new Promise<void>((resolve) => backup.once("exit", (code) => resolve(void (exit = code))));
      const started = Date.now();
      // Citizens keep writing (a message every few milliseconds) until the backup is done or 20 s passed.
      await Promise.all(
        citizens.map(async (c) => {
          while (exit === undefined && Date.now() - started < 20_000) expect((await send(loket.base, c, { text: "syarat pbg apa saja?" })).status).toBe(200);
        }),
      );
      const took = Date.now() - started;
      if (exit === undefined) backup.kill("SIGKILL");
      await ended;
      expect(took, "the backup ended while messages kept arriving").toBeLessThan(20_000);
      expect(exit).toBe(0);
      const copy = new Database(join(project, "loket-backup.db"), { readonly: true });
      try {
        expect((copy.prepare("SELECT count(*) AS n FROM conversations WHERE state IS NOT NULL").get() as { n: number }).n).toBeGreaterThanOrEqual(4);
      } finally {
        copy.close();
      }
    } finally {
      await loket.kill("SIGKILL");
    }
  }, 120_000);
});
