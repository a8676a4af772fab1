import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { edit, projectCopies } from "../support/clerk-copy.js";
import { startLoketProcess } from "../support/process.js";
import { startStaffWorld, type StaffWorld } from "../staff/support.js";

/**
 * Probe ops7 (2026-12-03), written after the change and not looked at before: flows/ and messages/
 * reloaded while Loket runs, seen from sides the held-out cases did not take. First run 4/5: P1
 * said "hello, good morning", which Loket answers in Indonesian before and after the change (too
 * short to be read as English); with a longer English opening it passes.
 */
interface ReloadAnswer {
  version: string;
  instances: { ok: boolean; version: string; previous: string; problems: { file: string; line: number; message: string }[] }[];
}
const dirs: string[] = [];
const worlds: StaffWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function world(env: Record<string, string> = {}): Promise<{ w: StaffWorld; root: string }> {
  const root = mkdtempSync(join(tmpdir(), "loket-ops7p-"));
  dirs.push(root);
  for (const d of ["knowledge", "flows", "messages"]) cpSync(d, join(root, d), { recursive: true });
  const w = await startStaffWorld({ store: "sqlite", env: { KNOWLEDGE_DIR: join(root, "knowledge"), FLOWS_DIR: join(root, "flows"), ...env }, messagesDir: join(root, "messages") });
  worlds.push(w);
  return { w, root };
}
async function reload(w: StaffWorld): Promise<ReloadAnswer> {
  const res = await (await w.login("sari")).post("/knowledge/reload");
  expect(res.status).toBe(200);
  return (await res.json()) as ReloadAnswer;
}
const said = (replies: { text: string }[]) => replies.map((r) => r.text).join("\n");
const { projectCopy } = projectCopies("loket-ops7p-project-");

describe("ops7 probe 2026-12-03", () => {
  it("P1. an English citizen reads the edited English greeting after the reload", async () => {
    const { w, root } = await world();
    edit(join(root, "messages/en/conversation.yaml"), "I am Loket, the licensing assistant.", "I am Loket, your permit helper.");
    expect((await reload(w)).instances[0]!.ok).toBe(true);
    expect(said(await (await w.citizen()).say("hello, I would like to ask about permits"))).toContain("your permit helper");
  });

  it("P2. the runtime's own notice (a message too long) follows a messages/ reload", async () => {
    const { w, root } = await world({ MESSAGE_MAX_CHARS: "200" });
    edit(join(root, "messages/id/common.yaml"), "Mohon kirim lebih singkat ya.", "Silakan dibagi menjadi beberapa pesan.");
    expect((await reload(w)).instances[0]!.ok).toBe(true);
    const reply = said(await (await w.citizen()).say("saya ".repeat(60)));
    expect(reply).toContain("dibagi menjadi beberapa pesan");
  });

  it("P3. a YAML mistake in messages/en/webpage.yaml: refused with its file and line; the page keeps its words and the version stays", async () => {
    const { w, root } = await world();
    const before = await (await w.login("sari")).json<{ version: string }>("/knowledge");
    const line = edit(join(root, "messages/en/webpage.yaml"), `  send: "Send"`, `  send: "Send`);
    edit(join(root, "messages/id/webpage.yaml"), `  send: "Kirim"`, `  send: "Kirim sekarang"`);
    const body = await reload(w);
    expect(body.instances[0]!.ok).toBe(false);
    expect(body.version).toBe(before.version);
    expect(body.instances[0]!.problems.some((p) => p.file.endsWith("en/webpage.yaml") && Math.abs(p.line - line) <= 1)).toBe(true);
    expect(await (await fetch(`${w.base}/`)).text()).not.toContain("Kirim sekarang");
  });

  it("P4. an edit then put back: the version returns to the one before (the same files, the same version)", async () => {
    const { w, root } = await world();
    const file = join(root, "flows/apply.yaml");
    const first = await reload(w);
    expect(first.instances[0]!.version).toBe(first.instances[0]!.previous);
    edit(file, "kind: email, required: false", "kind: email, required: true");
    const changed = await reload(w);
    expect(changed.version).not.toBe(first.version);
    edit(file, "kind: email, required: true", "kind: email, required: false");
    expect((await reload(w)).version).toBe(first.version);
  });

  it("P5. SIGHUP to a running process reloads messages/ of its folder (a project copy)", async () => {
    const dir = projectCopy();
    const data = mkdtempSync(join(tmpdir(), "loket-ops7p-data-"));
    dirs.push(data);
    const p = await startLoketProcess({ DATA_DIR: data }, undefined, undefined, dir);
    try {
      const ask = async (text: string) => {
        const { conversationId, token } = (await (await fetch(`${p.base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
        const res = await fetch(`${p.base}/api/conversations/${conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ text }) });
        return said(((await res.json()) as { replies: { text: string }[] }).replies);
      };
      expect(await ask("halo")).toContain("asisten perizinan");
      edit(join(dir, "messages/id/conversation.yaml"), "Saya Loket, asisten perizinan.", "Saya Loket, pembantu perizinan Bapak/Ibu.");
      p.child.kill("SIGHUP");
      await expect.poll(() => ask("halo"), { timeout: 15_000 }).toContain("pembantu perizinan");
    } finally {
      await p.kill();
    }
  }, 60_000);
});
