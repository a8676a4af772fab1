// The status check renamed by a clerk (flows/lacak.yaml, questions nomor_registrasi and
// empat_digit, patterns.yaml's check_status going to "lacak"), run end to end through the runtime
// and a store holding an application: found by the number and the phone's last four digits, asked
// for or typed together, in the middle of a form, typed again after a wrong try, and from the
// conversation that filed it. Routing, the action and the number-and-digits reading went by the
// flow name "status" and the fields "number" / "last4".
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexPut } from "../../src/runtime/applications.js";
import { applicationRecord } from "../support/applications.js";
import { createTestLoket, sendVia, textOf, type TestLoket } from "../support/loket.js";
import { renamedStatusFlows } from "../support/renamed-status.js";

const NUMBER = "RBG-2026-000555";
let dir: string;
let t: TestLoket;
let n = 0;

beforeAll(async () => {
  dir = renamedStatusFlows(mkdtempSync(join(tmpdir(), "loket-lacak-")));
  t = await createTestLoket({ env: { FLOWS_DIR: dir } });
  // Filed from another conversation; the applicant's phone ends in 7890 (applicationRecord).
  await t.loket.store.put("applications", NUMBER, applicationRecord({ number: NUMBER, permit: "izin-reklame", conversationId: "web:filed-elsewhere" }));
  const index = await indexPut(t.loket.store, "web:filed-elsewhere", NUMBER);
  await t.loket.store.put(index.collection, index.key, index.value);
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A new conversation: each message's replies, and the question it ends on. */
function chat(id = `web:lacak-${++n}`) {
  const send = sendVia(t, id);
  let last: Awaited<ReturnType<typeof send>> = [];
  return {
    async say(text: string) {
      last = await send({ text });
      return textOf(last);
    },
    get field() {
      return last.at(-1)?.expects?.field;
    },
    get frames() {
      return t.loket.store.peekState(id).then((s) => s?.engine.stack.map((f) => f.flow));
    },
  };
}

const FOUND = new RegExp(`Permohonan \\*${NUMBER}\\*[\\s\\S]*Status: \\*Diterima`);

describe("a status check renamed lacak, end to end", () => {
  it("'cek status': the number, then the last four digits, each asked by the renamed questions; found", async () => {
    const c = chat();
    expect(await c.say("cek status")).toMatch(/nomor registrasi/);
    expect(c.field).toBe("nomor_registrasi");
    expect(await c.say(`No. ${NUMBER} kak`)).toMatch(/4 angka terakhir/);
    expect(c.field).toBe("empat_digit");
    expect(await c.say("hp saya 0812 3456 7890")).toMatch(FOUND);
  });

  it("the number with the last four beside it, typed as the first message: found at once", async () => {
    const c = chat();
    expect(await c.say(`${NUMBER} 7890`)).toMatch(FOUND);
  });

  it("wrong last four: not found; the right four typed next are checked with the same number", async () => {
    const c = chat();
    expect(await c.say(`status ${NUMBER} hp 1111`)).toMatch(/tidak menemukan permohonan/);
    expect(await c.say("eh salah, 7890")).toMatch(FOUND);
  });

  it("asked in the middle of a form: checked on top of it, then the form's question again", async () => {
    const c = chat();
    await c.say("mau ajukan izin reklame");
    await c.say("setuju");
    const question = c.field;
    expect(question).toBeTruthy();
    const reply = await c.say(`cek status ${NUMBER} hp 7890`);
    expect(reply).toMatch(FOUND);
    expect(c.field).toBe(question);
    expect(await c.frames).toEqual(["apply"]);
  });

  it("from the conversation that filed it: 'status permohonan saya' answers its only application, no digits asked", async () => {
    const c = chat("web:filed-elsewhere");
    expect(await c.say("status permohonan saya")).toMatch(FOUND);
  });
});
