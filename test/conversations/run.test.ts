import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import type { Outbound } from "../../src/domain/message.js";
import { fixtures } from "../support/fixtures.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * Runs every test/conversations/<group>/*.yaml through the whole runtime (real knowledge,
 * flows, messages, engine, store). The format is described in test/conversations/README.md.
 */
interface BotCheck {
  contains?: string | string[];
  not_contains?: string | string[];
  matches?: string;
  expects?: string;
  choices_include?: string | string[];
  silent?: boolean;
}
interface Turn {
  user?: string;
  choice?: string;
  /** Tap the n-th (1-based) choice of the last reply. */
  tap?: number;
  upload?: keyof typeof fixtures | "big" | "empty";
  unsupported?: string;
  restart?: boolean;
  /** Capture the first registration number in the replies into ${number}. */
  save_number?: boolean;
  bot?: BotCheck;
}
interface Conversation {
  description: string;
  store?: "memory" | "sqlite";
  env?: Record<string, string>;
  turns: Turn[];
  expect?: {
    application?: { permit?: string; fields?: Record<string, string>; documents?: string[] } | false;
    case?: { reason?: string; status?: string } | false;
  };
}

const root = __dirname;
const files: string[] = [];
const walk = (dir: string) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".yaml")) files.push(p);
  }
};
walk(root);

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

async function play(t: TestLoket, turn: Turn, vars: Record<string, string>, last: Outbound[]): Promise<Outbound[]> {
  const sub = (s: string) => s.replace(/\$\{(\w+)\}/g, (_, k: string) => vars[k] ?? "");
  if (turn.restart) {
    await t.restart();
    return last;
  }
  if (turn.user !== undefined) return t.say(sub(turn.user));
  if (turn.choice !== undefined) return t.tap(sub(turn.choice));
  if (turn.tap !== undefined) {
    const withChoices = [...last].reverse().find((r) => r.choices?.length);
    const c = withChoices?.choices?.[turn.tap - 1];
    if (!c) throw new Error(`no choice ${turn.tap} in the last reply`);
    return t.tap(c.id);
  }
  if (turn.upload) {
    const bytes = turn.upload === "big" ? Buffer.concat([fixtures.pdf, Buffer.alloc(2 * 1024 * 1024)]) : turn.upload === "empty" ? Buffer.alloc(0) : fixtures[turn.upload];
    return t.upload(bytes, `dokumen.${turn.upload}`);
  }
  if (turn.unsupported) return t.send({ unsupported: turn.unsupported });
  throw new Error(`a turn needs user, choice, tap, upload, unsupported or restart: ${JSON.stringify(turn)}`);
}

function check(replies: Outbound[], c: BotCheck, where: string): void {
  const text = replies.map((r) => r.text).join("\n");
  const ctx = `${where}\n--- bot said ---\n${text}`;
  if (c.silent) expect(replies, ctx).toEqual([]);
  for (const s of list(c.contains)) expect(text.toLowerCase(), ctx).toContain(s.toLowerCase());
  for (const s of list(c.not_contains)) expect(text.toLowerCase(), ctx).not.toContain(s.toLowerCase());
  if (c.matches) expect(text, ctx).toMatch(new RegExp(c.matches, "i"));
  if (c.expects) expect(replies[replies.length - 1]?.expects?.kind, ctx).toBe(c.expects);
  const labels = replies.flatMap((r) => r.choices?.map((x) => x.label) ?? []);
  for (const s of list(c.choices_include)) expect(labels.join(" | "), ctx).toContain(s);
}

for (const file of files) {
  const name = relative(root, file);
  const conv = parse(readFileSync(file, "utf8")) as Conversation;
  describe(`conversation ${name}`, () => {
    it(conv.description, async () => {
      const t = await createTestLoket({ store: conv.store ?? "memory", ...(conv.env ? { env: conv.env } : {}) });
      try {
        const vars: Record<string, string> = {};
        let last: Outbound[] = [];
        for (const [i, turn] of conv.turns.entries()) {
          last = await play(t, turn, vars, last);
          if (turn.save_number) {
            const m = /\b[A-Z]{2,8}-\d{4}-\d{6}\b/.exec(last.map((r) => r.text).join("\n"));
            if (!m) throw new Error(`${name} turn ${i + 1}: no registration number to save`);
            vars.number = m[0];
          }
          if (turn.bot) check(last, JSON.parse(JSON.stringify(turn.bot).replace(/\$\{(\w+)\}/g, (_, k: string) => vars[k] ?? "")) as BotCheck, `${name} turn ${i + 1} (${JSON.stringify(turn).slice(0, 80)})`);
        }
        const apps = (await t.loket.store.list<Application>("applications")).filter((a) => a.conversationId === t.conversationId);
        if (conv.expect?.application === false) expect(apps).toEqual([]);
        else if (conv.expect?.application) {
          expect(apps).toHaveLength(1);
          const want = conv.expect.application;
          if (want.permit) expect(apps[0]!.permit).toBe(want.permit);
          for (const [k, v] of Object.entries(want.fields ?? {})) expect(apps[0]!.fields[k]).toBe(v);
          for (const d of want.documents ?? []) expect(Object.keys(apps[0]!.documents)).toContain(d);
        }
        const cases = (await t.loket.store.list<HandoffCase>("cases")).filter((c) => c.conversationId === t.conversationId);
        if (conv.expect?.case === false) expect(cases).toEqual([]);
        else if (conv.expect?.case) {
          expect(cases).toHaveLength(1);
          if (conv.expect.case.reason) expect(cases[0]!.reason).toBe(conv.expect.case.reason);
          if (conv.expect.case.status) expect(cases[0]!.status).toBe(conv.expect.case.status);
        }
      } finally {
        await t.close();
      }
    });
  });
}
