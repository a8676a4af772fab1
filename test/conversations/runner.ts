import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { randomUUID } from "node:crypto";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import type { Outbound } from "../../src/domain/message.js";
import type { ApplicationStatus } from "../../src/domain/records.js";
import { conversationTopic } from "../../src/runtime/port.js";
import type { StaffActor } from "../../src/staff/index.js";
import { fixtures } from "../support/fixtures.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { officeDaysKnowledge } from "../support/office-days.js";

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
  choices_exclude?: string | string[];
  silent?: boolean;
  /** Each reply (one WhatsApp message each: the WhatsApp channel does not split them) at most this many characters. */
  max_chars?: number;
  /** Each reply's `lang` (what a channel's own words follow): "en", or "id" for none (Indonesian). */
  lang?: string;
}
interface Turn {
  user?: string;
  choice?: string;
  /** Tap the n-th (1-based) choice of the last reply. */
  tap?: number;
  upload?: keyof typeof fixtures | "big" | "empty" | "docx" | "zip" | "heic";
  /** Words sent with the upload (a photo's caption), as a channel passes them. */
  caption?: string;
  /** The upload's file name (`dokumen.<upload>` when absent). */
  name?: string;
  /** The upload's size in bytes: the file's bytes padded to it (a real file of that size). */
  size?: number;
  /** Files sent together as one album (the channel's media group id). */
  group?: string;
  /** The platform's message id (an upload's or a `user:` text's): the same id twice is one message delivered twice (the very same bytes or words). */
  id?: string;
  /** Send the very same bytes as the earlier upload turn with this `id:` (a file sent again on purpose); otherwise each upload turn's bytes differ. */
  same_as?: string;
  unsupported?: string;
  restart?: boolean;
  /** A staff action on this conversation's case (or application); what reaches the citizen is checked by `bot`. */
  staff?: "take" | "give_back" | "close" | "close_without_survey" | { reply: string } | { status: ApplicationStatus; note?: string; documents?: string[] };
  /** Something outside the conversation starts a flow (as staff tools do). */
  trigger?: { flow: string; slots?: Record<string, unknown> };
  /** `other`: said from another conversation (another chat asking about this one's application). */
  from?: "other";
  /** Capture the first registration number in the replies into ${number}. */
  save_number?: boolean;
  /** The pinned clock moves to this ISO time from this turn on (days later: needs `now:`); a turn of its own or beside one. */
  at?: string;
  bot?: BotCheck;
}
interface Conversation {
  description: string;
  /** What Loket cannot do yet and why (e.g. a fact the office has not supplied): the conversation must still fail; once it passes, drop the mark. */
  known_gap?: string;
  store?: "memory" | "sqlite";
  /** The channel the citizen writes on (web by default): its conversation id and its ways (numbered choices on WhatsApp). */
  channel?: "web" | "telegram" | "whatsapp";
  env?: Record<string, string>;
  /**
   * The office's own processing time written into a copy of knowledge/ (permit id -> working days),
   * as a clerk would: for conversations about the expected day of a permit whose shipped file has
   * no figure of this office (test/support/office-days.ts).
   */
  office_days?: Record<string, number>;
  /** The clock, pinned (an ISO time: "2026-12-05T12:00:00Z" is a Saturday evening in Rembang); the real clock when absent. */
  now?: string;
  turns: Turn[];
  expect?: {
    application?: { permit?: string; status?: string; fields?: Record<string, string>; documents?: string[] } | false;
    case?: { reason?: string; status?: string } | false;
    /** SKM answers recorded for this conversation (u1..u9 -> 1..4), or none. */
    survey?: { answers?: Record<string, number> } | false;
    /** The conversation's transcript is gone ("hapus data saya"). */
    transcript_deleted?: boolean;
  };
}

/** Files Loket does not take, by their first bytes as phones send them. */
const otherFiles = {
  docx: Buffer.concat([Buffer.from("PK\u0003\u0004\u0014\u0000\u0006\u0000", "latin1"), Buffer.from("[Content_Types].xml word/document.xml", "latin1")]),
  zip: Buffer.concat([Buffer.from("PK\u0003\u0004\n\u0000\u0000\u0000", "latin1"), Buffer.from("KTP.jpg", "latin1")]),
  heic: Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypheic\u0000\u0000\u0000\u0000mif1heic", "latin1"), Buffer.alloc(64, 1)]),
};

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

/** The other conversation `from: other` turns speak in (one per test). */
const others = new WeakMap<TestLoket, string>();
/** Per test: the bytes sent at each upload turn with an `id:` (for `same_as:` and redeliveries), and how many uploads so far. */
const uploads = new WeakMap<TestLoket, { byId: Map<string, Buffer>; count: number }>();

/**
 * A file's bytes made its own: a marker after the end of the file where its format allows trailing
 * bytes (a PDF after %%EOF, a JPEG after its EOI, a PNG after IEND; sniffing reads the start), so
 * two upload turns are two different files, as two photos taken by a phone are. An empty file stays empty.
 */
const marked = (head: Buffer, n: number): Buffer => (head.length ? Buffer.concat([head, Buffer.from(`\n%loket-test-upload-${n}\n`, "latin1")]) : head);

async function play(t: TestLoket, turn: Turn, vars: Record<string, string>, last: Outbound[]): Promise<Outbound[]> {
  if (turn.from === "other") {
    const own = t.conversationId;
    if (!others.has(t)) others.set(t, `${own.slice(0, own.indexOf(":"))}:${randomUUID()}`);
    t.conversationId = others.get(t)!;
    try {
      return await play(t, { ...turn, from: undefined }, vars, last);
    } finally {
      t.conversationId = own;
    }
  }
  const sub = (s: string) => s.replace(/\$\{(\w+)\}/g, (_, k: string) => vars[k] ?? "");
  if (turn.restart) {
    await t.restart();
    return last;
  }
  if (turn.user !== undefined) return t.say(sub(turn.user), turn.id ? { messageId: turn.id } : undefined);
  if (turn.choice !== undefined) return t.tap(sub(turn.choice));
  if (turn.tap !== undefined) {
    const withChoices = [...last].reverse().find((r) => r.choices?.length);
    const c = withChoices?.choices?.[turn.tap - 1];
    if (!c) throw new Error(`no choice ${turn.tap} in the last reply`);
    return t.tap(c.id);
  }
  if (turn.upload) {
    const head = turn.upload === "big" ? fixtures.pdf : turn.upload === "empty" ? Buffer.alloc(0) : turn.upload in fixtures ? fixtures[turn.upload as keyof typeof fixtures] : otherFiles[turn.upload as keyof typeof otherFiles];
    if (!head) throw new Error(`upload: ${turn.upload} is none of pdf, jpg, png, exe, docx, zip, heic, big, empty`);
    if (!uploads.has(t)) uploads.set(t, { byId: new Map(), count: 0 });
    const sent = uploads.get(t)!;
    const again = turn.same_as ?? (turn.id && sent.byId.has(turn.id) ? turn.id : undefined);
    if (turn.same_as && !sent.byId.has(turn.same_as)) throw new Error(`same_as: "${turn.same_as}" names no earlier upload turn's id:`);
    let bytes: Buffer;
    if (again) bytes = sent.byId.get(again)!;
    else {
      const own = marked(head, ++sent.count);
      const size = turn.size ?? (turn.upload === "big" ? fixtures.pdf.length + 2 * 1024 * 1024 : own.length);
      bytes = size > own.length ? Buffer.concat([own, Buffer.alloc(size - own.length)]) : own.subarray(0, size);
    }
    if (turn.id && !sent.byId.has(turn.id)) sent.byId.set(turn.id, bytes);
    return t.send({
      file: { bytes, filename: turn.name ?? `dokumen.${turn.upload}` },
      ...(turn.caption !== undefined ? { caption: sub(turn.caption) } : {}),
      ...(turn.group ? { fileGroup: turn.group } : {}),
      ...(turn.id ? { messageId: turn.id } : {}),
    });
  }
  if (turn.caption !== undefined || turn.name || turn.size !== undefined || turn.group || turn.same_as) throw new Error(`caption:, name:, size:, group: and same_as: go with an upload: ${JSON.stringify(turn)}`);
  if (turn.unsupported) return t.send({ unsupported: turn.unsupported });
  if (turn.trigger) {
    const event = { type: "trigger" as const, flow: turn.trigger.flow, ...(turn.trigger.slots ? { slots: JSON.parse(sub(JSON.stringify(turn.trigger.slots))) as Record<string, unknown> } : {}) };
    return t.loket.runtime.mutate(t.conversationId, () => ({ engineEvent: event }));
  }
  if (turn.staff) {
    return staffAction(t, turn.staff);
  }
  throw new Error(`a turn needs user, choice, tap, upload, unsupported, trigger, staff or restart: ${JSON.stringify(turn)}`);
}

const officer: StaffActor = { username: "budi", role: "staff", displayName: "Budi" };

/**
 * Runs a staff action and returns what was pushed to the citizen: a web page's pushes are published on
 * the conversation's topic; a Telegram or WhatsApp citizen's go to that channel's sender, which in this
 * runner (no bot, no WhatsApp session) is the bus topic `deliver:<channel>` the runtime hands them to
 * for the instance holding the channel (Runtime.registerChannel), read here for this conversation only.
 */
async function staffAction(t: TestLoket, action: NonNullable<Turn["staff"]>): Promise<Outbound[]> {
  const pushed: Outbound[] = [];
  const channel = t.conversationId.slice(0, t.conversationId.indexOf(":"));
  const stop =
    channel === "web"
      ? t.loket.bus.subscribe(conversationTopic(t.conversationId), (r) => pushed.push(r as Outbound))
      : t.loket.bus.subscribe(`deliver:${channel}`, (payload) => {
          const p = payload as { conversationId: string; replies: Outbound[] };
          if (p.conversationId === t.conversationId) pushed.push(...p.replies);
        });
  try {
    const cases = (await t.loket.store.list<HandoffCase>("cases")).filter((c) => c.conversationId === t.conversationId);
    const open = cases.filter((c) => c.status === "waiting" || c.status === "held").pop();
    const ops = t.loket.staff;
    let r: { ok: boolean; message?: string };
    if (typeof action === "object" && "status" in action) {
      const app = (await t.loket.store.list<Application>("applications")).find((a) => a.conversationId === t.conversationId);
      if (!app) throw new Error("staff status change: no application in this conversation");
      r = await ops.changeStatus(app.number, officer, { status: action.status, ...(action.note ? { note: action.note } : {}), ...(action.documents ? { documents: action.documents } : {}) });
    } else {
      if (!open) throw new Error(`staff ${JSON.stringify(action)}: no open case`);
      if (action === "take") r = await ops.take(open.id, officer);
      else if (action === "give_back") r = await ops.giveBack(open.id, officer);
      else if (action === "close") r = await ops.close(open.id, officer);
      else if (action === "close_without_survey") r = await ops.close(open.id, officer, { survey: false });
      else r = await ops.reply(open.id, officer, action.reply);
    }
    if (!r.ok) throw new Error(`staff ${JSON.stringify(action)} refused: ${r.message ?? ""}`);
    await new Promise((resolve) => setImmediate(resolve));
    return pushed;
  } finally {
    stop();
  }
}

function check(replies: Outbound[], c: BotCheck, where: string): void {
  const text = replies.map((r) => r.text).join("\n");
  const ctx = `${where}\n--- bot said ---\n${text}`;
  if (c.silent) expect(replies, ctx).toEqual([]);
  for (const s of list(c.contains)) expect(text.toLowerCase(), ctx).toContain(s.toLowerCase());
  for (const s of list(c.not_contains)) expect(text.toLowerCase(), ctx).not.toContain(s.toLowerCase());
  if (c.matches) expect(text, ctx).toMatch(new RegExp(c.matches, "i"));
  if (c.expects) expect(replies[replies.length - 1]?.expects?.kind, ctx).toBe(c.expects);
  if (c.lang !== undefined) expect(replies.length, `${ctx}\n--- lang: ${c.lang} checks replies, and there were none`).toBeGreaterThan(0);
  for (const r of c.lang === undefined ? [] : replies) expect(r.lang ?? "id", `${ctx}\n--- a reply not in lang ${c.lang}`).toBe(c.lang);
  for (const r of c.max_chars === undefined ? [] : replies) expect(r.text.length, `${ctx}\n--- a reply over ${c.max_chars} characters`).toBeLessThanOrEqual(c.max_chars!);
  const labels = replies.flatMap((r) => r.choices?.map((x) => x.label) ?? []);
  // Case-insensitive, as every other check (README): "independent" is in "Independent practice".
  for (const s of list(c.choices_include)) expect(labels.join(" | ").toLowerCase(), ctx).toContain(s.toLowerCase());
  for (const s of list(c.choices_exclude)) expect(labels.join(" | ").toLowerCase(), `${ctx}\n--- buttons: ${labels.join(" | ")}`).not.toContain(s.toLowerCase());
}

/**
 * Declares the conversations of one shard: every `of`-th file from the `shard`-th (0-based), in the
 * sorted order. The suite is split over test/conversations/run-<n>.test.ts so that vitest runs the
 * shards in parallel workers (one file runs in one worker; as one file the ~4,000 conversations took
 * ~27 minutes on one core while the other core idled).
 */
export function runConversations(shard: number, of: number): void {
  for (const file of files.filter((_, i) => i % of === shard)) {
    const name = relative(root, file);
    let conv: Conversation;
    try {
      conv = parse(readFileSync(file, "utf8")) as Conversation;
    } catch (err) {
      throw new Error(`${name}: ${(err as Error).message}`);
    }
    describe(`conversation ${name}`, () => {
      (conv.known_gap ? it.fails : it)(conv.known_gap ? `${conv.description} (known gap: ${conv.known_gap})` : conv.description, async () => {
        // CONV_NOW=<ISO time> pins the clock of every conversation that pins none: a run in office hours and one
        // out of them find a conversation that passes only at the time of day it was written.
        const pinned = conv.now ? new Date(conv.now) : process.env.CONV_NOW ? new Date(process.env.CONV_NOW) : undefined;
        if (pinned && Number.isNaN(pinned.getTime())) throw new Error(`${name}: now: "${conv.now}" is no ISO time`);
        let clock = pinned;
        const own = conv.office_days ? officeDaysKnowledge(conv.office_days) : undefined;
        const env = { ...conv.env, ...(own ? { KNOWLEDGE_DIR: own.knowledgeDir } : {}) };
        const t = await createTestLoket({ sharedCache: true, store: conv.store ?? "memory", ...(conv.channel ? { channel: conv.channel } : {}), ...(Object.keys(env).length ? { env } : {}), ...(pinned ? { now: () => clock! } : {}) });
        try {
          const vars: Record<string, string> = {};
          let last: Outbound[] = [];
          for (const [i, turn] of conv.turns.entries()) {
            if (turn.at !== undefined) {
              const moved = new Date(turn.at);
              if (!clock || Number.isNaN(moved.getTime()) || moved < clock) throw new Error(`${name} turn ${i + 1}: at: "${turn.at}" needs now: and an ISO time not before the clock`);
              clock = moved;
              if (Object.keys(turn).length === 1) continue;
            }
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
            if (want.status) expect(apps[0]!.status).toBe(want.status);
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
          const surveys = (await t.loket.store.list<{ answers: Record<string, number>; subject: { caseId?: string; applicationNumber?: string } }>("surveys")).filter(
            (v) => cases.some((c) => c.id === v.subject.caseId) || apps.some((a) => a.number === v.subject.applicationNumber),
          );
          if (conv.expect?.survey === false) expect(surveys).toEqual([]);
          else if (conv.expect?.survey) {
            expect(surveys).toHaveLength(1);
            if (conv.expect.survey.answers) expect(surveys[0]!.answers).toEqual(conv.expect.survey.answers);
          }
          if (conv.expect?.transcript_deleted) expect(await t.loket.store.transcript(t.conversationId)).toEqual([]);
        } finally {
          await t.close();
          if (own) rmSync(own.root, { recursive: true, force: true });
        }
      });
    });
  }
}
