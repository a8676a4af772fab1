import { GrammyError, InputFile, type Bot, type Context } from "grammy";
import type { Logger } from "pino";
import { privacyRequestOf, type Application, type ApplicationStatus, type HandoffCase, type TranscriptEntry } from "../domain/records.js";
import { STAFF_ORDER_KEEP_MS, STAFF_TOPIC, staffCaseSeq, type PublishedStaffEvent, type Runtime, type StaffEvent } from "../runtime/port.js";
import type { DocumentRef } from "../domain/message.js";
import type { Bus, FileStore, Store } from "../store/port.js";
import type { Messages } from "../text/messages.js";
import { setNewest } from "../domain/memo.js";
import { StoreError } from "../errors.js";
import { firstToClaim } from "../store/marker.js";
import { recentCases } from "../store/recent-cases.js";
import { staffByTelegram, type StaffAccount } from "./auth.js";
import { STATUS_TRANSITIONS } from "./applications.js";
import { NOTE_MAX_CHARS, type StaffActor, type StaffOps } from "./ops.js";
import { needQuotes } from "./need.js";
import { caseLabel, lastCitizenLine, masked, privacyView, shortWords } from "./views.js";
import { editDistance } from "../text/closest.js";
import { joinPosts, loketPost, telegramPosts, typedPost, type Post } from "./telegram-post.js";

/**
 * The Telegram staff group (TELEGRAM_STAFF_CHAT_ID, a forum supergroup): each new case opens a
 * topic with its summary, the citizen's messages appear in it, a staff member's message in the
 * topic is a reply to the citizen, and `/ambil`, `/kembalikan`, `/selesai` take, return and close
 * the case. It listens to the same bus as the web console and acts through the same StaffOps,
 * so both stay consistent. A personal-data (UU PDP) case's topic shows its request's deadline as
 * the console does, `/pdp_selesai` marks the request done, and staff are reminded before it is due.
 *
 * With several instances every one handles group updates it receives (webhook), topics are opened
 * once (a store counter claims each case) and each bus event is posted once (the instance that
 * claims its id, an expiring store counter, posts it).
 */
export interface StaffGroupDeps {
  /** The bot the Telegram channel runs on. Order does not matter: the channel passes other chats on, and this handles only the staff chat. */
  bot: Bot;
  chatId: string;
  ops: StaffOps;
  store: Store;
  bus: Bus;
  runtime: Runtime;
  /**
   * Indonesian messages (`staff_notice.*`), read at each post: handed the messages in use (a live
   * view, channels/start.ts), what the group says follows a reload of messages/.
   */
  messages: Messages;
  logger: Logger;
  /** Says that Telegram moved the group to a new id (telegram-group-check.ts staffGroupMoved); without it, logged here. */
  sayMoved?: (movedTo: number) => void;
  /** Copy bus events into the group from this instance. Default true. */
  mirror?: boolean;
  /** A permit's name for its id (the knowledge base), for the topic's summary. */
  permitName?: (id: string) => string | undefined;
  /**
   * A permit's documents (its requirements' ids and names, the knowledge base): `/status … perbaikan
   * dok:ktp,foto` names those to send again, as the console's ticks do. Without it, ids are checked
   * by the status change alone.
   */
  permitDocuments?: (id: string) => { id: string; name: string }[] | undefined;
  now?: () => Date;
  /**
   * How often personal-data requests are checked for a deadline within PRIVACY_REMIND_MS (a
   * reminder in the case's topic); `false` starts no timer. Default 60 s. Only with `mirror`.
   */
  remindEveryMs?: number | false;
  /**
   * Where citizens' uploads are kept: a document the citizen sends while the case is open is posted
   * in its topic as a file, to be opened there as in the console. Without it, only the line saying it came.
   */
  files?: Pick<FileStore, "get">;
  /**
   * Telegram said the group may have changed for the bot: a `my_chat_member` update in the group
   * (the bot added, made an admin, removed) or a post refused with 403 or "chat not found". The
   * staff group check (telegram-group-check.ts) runs again, so an operator's fix is seen without restart.
   */
  onGroupChanged?: () => void;
  /**
   * The store is shared by several instances (Redis): the group's sending pace (GROUP_PACE) is kept
   * for all of them together, through store counters, not per instance (two instances would send
   * twice as fast and Telegram answers 429). Default false (one instance: its own pacer holds it).
   */
  shared?: boolean;
}

/**
 * A group member acts as the staff account linked to their Telegram user id (`npm run staff --
 * telegram <username> <id>`), with its role and name; a member with no linked, enabled account
 * cannot act: joining the group (an invite link passed on) is not enough, and disabling an
 * account stops it in the group too.
 */
export const telegramActor = (account: StaffAccount): StaffActor => ({
  username: account.username,
  role: account.role,
  displayName: account.displayName ?? account.username,
  via: "telegram",
});

/** `/antrean`: the open cases, anywhere in the group (the General topic too). */
const QUEUE_COMMAND = "antrean";
/** The most cases `/antrean` lists one by one; the rest are counted. */
const QUEUE_LIST_MAX = 25;
const COMMANDS: Record<string, "take" | "giveBack" | "close"> = { ambil: "take", kembalikan: "giveBack", selesai: "close" };
/** Marks a personal-data case's request done, as the console's "Tandai permintaan data selesai". */
const PRIVACY_DONE_COMMAND = "pdp_selesai";
/** `/catatan <teks>`: an internal note on the case, as the console's "Catatan internal"; never sent to the citizen. */
const NOTE_COMMAND = "catatan";
/** A personal-data request not done this long before its deadline gets one reminder in its topic. */
export const PRIVACY_REMIND_MS = 12 * 3_600_000;
/** A time as the console shows it (its fmtTime): "04/12/26, 10.00", Jakarta time. */
export const wibTime = (iso: string): string => new Date(iso).toLocaleString("id-ID", { timeZone: "Asia/Jakarta", dateStyle: "short", timeStyle: "short" });
/** `/status` words (Indonesian as staff say them, or the status ids) -> application status. */
const STATUS_WORDS: Record<string, ApplicationStatus> = {
  diterima: "received",
  terima: "received",
  received: "received",
  verifikasi: "verified",
  diverifikasi: "verified",
  terverifikasi: "verified",
  verified: "verified",
  perbaikan: "needs_correction",
  perbaiki: "needs_correction",
  needs_correction: "needs_correction",
  disetujui: "approved",
  setuju: "approved",
  approved: "approved",
  ditolak: "rejected",
  tolak: "rejected",
  rejected: "rejected",
  selesai: "done",
  done: "done",
};
const REGISTRATION = /^[A-Za-z]{2,8}-\d{4}-\d{6}$/;

/** The status word `word` was most likely meant to be (at most 2 edits, 1 for short words), for "maksud Anda …?". */
function nearestStatusWord(word: string): string | undefined {
  const w = word.toLowerCase();
  let best: { word: string; d: number } | undefined;
  for (const k of Object.keys(STATUS_WORDS)) {
    const d = editDistance(w, k);
    if (d <= (k.length <= 6 ? 1 : 2) && (!best || d < best.d)) best = { word: k, d };
  }
  return best?.word;
}

export type StatusCommandError =
  | { error: "usage" | "no_number" }
  /** Not a status word: nothing is changed on a guess (the citizen would be told); `suggestion` the likely word. */
  | { error: "unknown_status"; word: string; number?: string; suggestion?: string }
  /** Looks like a registration number but is not one ("RBG-2026-00315"). */
  | { error: "bad_number"; word: string }
  /** `dok:` with no document after it. */
  | { error: "no_documents"; number?: string };

/** `dok:ktp,foto_lokasi` (or `dokumen:`) after the status: the documents to send again, as the console ticks them. */
const DOCUMENTS_WORD = /^dok(?:umen)?:/i;

/**
 * `/status [nomor] <status> [catatan]` in a case's topic: the application's number may be left
 * out when the case knows it (submitted or checked in that conversation), and may be typed in lower
 * case or with spaces ("rbg 2026 000123"). Documents to send again follow the status as
 * `dok:ktp,foto_lokasi` (commas, spaces after them allowed; lower-cased), before the note, as the
 * console's ticks. A mistyped status changes nothing.
 */
export function parseStatusCommand(
  args: string,
  caseApplication: string | undefined,
): { number: string; status: ApplicationStatus; note?: string; documents?: string[] } | StatusCommandError {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.length >= 3 && REGISTRATION.test(words.slice(0, 3).join("-"))) words.splice(0, 3, words.slice(0, 3).join("-"));
  let number = caseApplication;
  if (words[0] && REGISTRATION.test(words[0])) number = words.shift()!.toUpperCase();
  else if (words[0] && /\d/.test(words[0]) && /^[A-Za-z]{2,8}[-\s]?\d/.test(words[0])) return { error: "bad_number", word: words[0] };
  const word = words.shift() ?? "";
  if (!word) return { error: "usage" };
  const status = STATUS_WORDS[word.toLowerCase()];
  if (!status) {
    const suggestion = nearestStatusWord(word);
    return { error: "unknown_status", word, ...(number ? { number } : {}), ...(suggestion ? { suggestion } : {}) };
  }
  if (!number) return { error: "no_number" };
  let documents: string[] | undefined;
  if (words[0] && DOCUMENTS_WORD.test(words[0])) {
    let list = words.shift()!.replace(DOCUMENTS_WORD, "");
    // "dok: ktp", "dok:ktp, foto": the list goes on in the next word after a colon or a comma.
    if (!list && words[0]) list = words.shift()!;
    while (list.endsWith(",") && words[0]) list += words.shift()!;
    documents = [...new Set(list.split(",").map((d) => d.trim().toLowerCase()).filter(Boolean))];
    if (!documents.length) return { error: "no_documents", number };
  }
  const note = words.join(" ").trim();
  return { number, status, ...(note ? { note } : {}), ...(documents ? { documents } : {}) };
}
/**
 * The permit's document a staff member's word names: its id (any case, `-` for `_`), or the one id
 * it begins ("foto" for "foto_lokasi" when no other id begins so). Undefined when none or several.
 */
export function resolveDocument(word: string, known: { id: string }[]): string | undefined {
  const w = word.toLowerCase().replace(/-/g, "_");
  const exact = known.find((k) => k.id.toLowerCase() === w);
  if (exact) return exact.id;
  const starts = known.filter((k) => k.id.toLowerCase().startsWith(w));
  return starts.length === 1 ? starts[0]!.id : undefined;
}
/** What a group member may post besides text: each gets the notice that only text reaches the citizen. */
const DOC_EXT: Record<DocumentRef["mime"], string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" };
const MEDIA_KINDS = ["photo", "document", "sticker", "video", "voice", "audio", "animation", "video_note", "location", "venue", "contact", "poll", "dice", "story", "caption"] as const;
/** Tries to create a case's topic before giving up (the case still shows in the console). */
const TOPIC_ATTEMPTS = 5;
const TOPIC_NAME_MAX = 128;
/** Telegram takes 4,096 characters a message; a longer text is sent in parts of at most this. */
const PART_MAX = 4000;
/** What the citizen wrote this long before asking for a person is shown in the new topic. */
const BEFORE_CASE_MS = 10 * 60_000;
/** At most this many of those lines from before the case. */
const BEFORE_CASE_LINES = 5;
/** A new topic replays at most this many lines of the case's conversation; the console has them all. */
const REPLAY_MAX = 30;
/** A notice for a deleted topic that another event is replacing waits this long for the new topic. */
const REPLACEMENT_WAIT_MS = 120_000;
/**
 * A case's event waits for the one before it while whoever posts that one shows it is alive (a beat
 * every ORDER_BEAT_MS, also through a 429's wait); this long without a beat, the poster is taken to
 * have died (or an older version, which does not beat, posted it) and the waiting event goes on.
 */
const ORDER_STALL_MS = 10_000;
/**
 * What an instance adds to an event's claim counter (`staff-mirror:<id>`) for a placed event. Older
 * versions (before 2026-12-03) add 1 and post when they read 1; this one posts when it reads exactly
 * this, and reads between it and twice it, not a multiple of it, as "an older version claimed it
 * first": that one posts without the marks this version waits on, so the case's next event goes
 * on at once (in a rolling upgrade) instead of after ORDER_STALL_MS.
 */
const CLAIM_BY_ORDER = 1_000_000;
const ORDER_BEAT_MS = 1_000;
const ORDER_POLL_MS = 200;
/**
 * A posted event's mark is kept this long (one small key per event): a case quiet for longer, its
 * next event waits ORDER_STALL_MS once, on an instance that did not post the one before.
 */
const DONE_KEEP_MS = 7 * 86_400_000;
/** A post's beat only matters while it is under way. */
const BEAT_KEEP_MS = 3_600_000;
/**
 * Telegram's pace for one group (flood.ts's defaults: 1 message a second, 20 a minute), counted in
 * windows of the clock across instances: a send past a window's count waits for the next window.
 */
const GROUP_PACE = { perSecond: 1, perMinute: 20 };
/** Telegram's answer for a send into a forum topic that was deleted (the real Bot API: 400 "Bad Request: message thread not found"). */
const topicGone = (err: unknown) => err instanceof GrammyError && /thread not found|TOPIC_DELETED|TOPIC_ID_INVALID/i.test(err.description);
const ended = (c: HandoffCase) => c.status === "closed" || c.status === "returned";

/** A long text in parts, cut at a line or a space where there is one, each part but the last marked. */
export function parts(text: string, max = PART_MAX): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const room = max - 2;
    const at = Math.max(rest.lastIndexOf("\n", room), rest.lastIndexOf(" ", room));
    const cut = at > room / 2 ? at : room;
    out.push(`${rest.slice(0, cut).trimEnd()} …`);
    rest = rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out;
}

export function installStaffGroup(deps: StaffGroupDeps): { stop(): void; setCommands(): void; refreshCommands(): Promise<void> } {
  const { bot, chatId, ops, store, messages } = deps;
  const log = deps.logger.child({ part: "staff-group" });
  const now = deps.now ?? (() => new Date());
  const api = bot.api;
  /** Last status/holder announced per case, so repeated case_updated events post once. */
  const announced = new Map<string, string>();
  /** Topics found to belong to no case (staff's own), so that their messages do not read all cases each time. */
  const notCaseTopics = new Map<string, true>();
  /** Pending retries of topic creation, cancelled by stop(). */
  const retries = new Set<NodeJS.Timeout>();
  let stopped = false;

  /** A pause that keeps no stopped instance alive (waits for a turn or for the group's pace). */
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)).unref());
  /** The group's messages as posts: Loket's markup formatted, every value escaped (telegram-post.ts). */
  const html = telegramPosts(messages);
  /**
   * Sends a post as HTML, so staff read Loket's *bold* as bold and a citizen's `<b>` or `_` as typed.
   * Refused for its entities (Telegram's 400 "can't parse entities"), it is sent again as plain text:
   * readable, never lost. A long one (a citizen's long message arrives whole, in parts: its end may be
   * the phone number) is sent plain, in parts: a cut could fall inside a tag.
   */
  const send = (post: Post, extra: { message_thread_id?: number }) =>
    sendOnce(post, extra).catch((err: unknown) => {
      if (refusedByGroup(err)) deps.onGroupChanged?.();
      throw err;
    });
  const sendOnce = async (post: Post, extra: { message_thread_id?: number }) => {
    const opts = { ...extra, link_preview_options: { is_disabled: true } };
    if (post.html.length > PART_MAX) {
      for (const part of parts(post.plain)) {
        await groupSlot();
        await api.sendMessage(chatId, part, opts);
      }
      return;
    }
    await groupSlot();
    try {
      await api.sendMessage(chatId, post.html, { ...opts, parse_mode: "HTML" });
    } catch (err) {
      if (!(err instanceof GrammyError && /can't parse entities/i.test(err.description))) throw err;
      log.warn({ errorCode: err.error_code }, "staff group post refused as HTML, sent as plain text");
      await groupSlot();
      await api.sendMessage(chatId, post.plain, opts);
    }
  };
  const say = (threadId: number, post: Post) => send(post, { message_thread_id: threadId });
  /**
   * With several instances (`shared`), waits for a place in the group's pace (GROUP_PACE) counted in
   * the store for all of them: one round trip a send (two at the start of a second), off any
   * citizen's turn. The store away: sent at this instance's own pace, as with one instance.
   */
  async function groupSlot(): Promise<void> {
    if (!deps.shared) return;
    while (!stopped) {
      const t = Date.now();
      const second = Math.floor(t / 1000);
      const minute = Math.floor(t / 60_000);
      const inSecond = await store.nextSequence(`staff-group-pace:${chatId}:s:${second}`, { expireMs: 2_000 }).catch(() => 0);
      if (inSecond > GROUP_PACE.perSecond) {
        await sleep((second + 1) * 1000 - Date.now() + Math.random() * 50);
        continue;
      }
      const inMinute = await store.nextSequence(`staff-group-pace:${chatId}:m:${minute}`, { expireMs: 61_000 }).catch(() => 0);
      if (inMinute > GROUP_PACE.perMinute) {
        await sleep((minute + 1) * 60_000 - Date.now() + Math.random() * 50);
        continue;
      }
      return;
    }
  }
  /** In the group's general thread: a notice of a case whose topic is gone or was never made (no personal data). */
  const sayGeneral = (post: Post) => send(post, {});

  /**
   * A personal-data case's request in the console's words: "Penarikan persetujuan: batas tindak
   * lanjut 04/12/26, 10.00 WIB", "Lewat batas UU PDP" once past it, or done by whom and when.
   * Undefined for other cases.
   */
  function privacyLine(c: HandoffCase): Post | undefined {
    const p = privacyView(c, now());
    if (!p) return undefined;
    if (p.doneAt) return html.t("staff_notice.privacy_done", { time: wibTime(p.doneAt), by: p.doneBy ?? "-" });
    return html.t(p.overdue ? "staff_notice.privacy_overdue" : "staff_notice.privacy_due", { kind: privacyKind(c), due: wibTime(p.dueAt) });
  }
  const privacyKind = (c: HandoffCase) =>
    messages.t(privacyRequestOf(c)?.kind === "withdraw_consent" ? "staff_notice.privacy_kind.withdraw_consent" : "staff_notice.privacy_kind.request");
  const privacyPending = (c: HandoffCase) => {
    const p = privacyRequestOf(c);
    return Boolean(p && !p.doneAt);
  };

  /**
   * The case whose topic this is, through `case_threads` (written with the topic's id): cases are
   * kept, so reading them all for each staff message grew slower month by month. A topic the index
   * does not know (made before it, or by staff themselves) is looked for among all cases once.
   */
  async function caseByThread(threadId: number): Promise<HandoffCase | undefined> {
    const ref = await store.get<{ caseId: string }>("case_threads", String(threadId));
    const indexed = ref ? await store.get<HandoffCase>("cases", ref.caseId) : null;
    if (indexed?.staffThreadId === threadId) return indexed;
    // A topic of staff's own (no case) is looked for once; a case's new topic is always indexed.
    if (!ref && notCaseTopics.has(String(threadId))) return undefined;
    const found = (await store.list<HandoffCase>("cases")).find((c) => c.staffThreadId === threadId);
    if (found) await store.put("case_threads", String(threadId), { caseId: found.id });
    else setNewest(notCaseTopics, String(threadId), true, 10_000);
    return found;
  }

  /** Why the case was opened, with which staff-only request it is ("Hanya bisa diurus petugas: Pengembalian biaya"): no personal data. */
  const reasonOf = caseLabel(messages);

  /** A case's topic name ("Data pribadi (UU PDP) · web · 10.00"): no personal data, also where the case is named outside its topic. */
  function topicName(c: HandoffCase): string {
    const reason = reasonOf(c);
    const time = new Intl.DateTimeFormat("id-ID", { timeZone: "Asia/Jakarta", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(c.openedAt));
    return messages.t("staff_notice.topic_title", { reason, channel: c.channel, time }).slice(0, TOPIC_NAME_MAX);
  }


  async function openTopic(caseId: string): Promise<void> {
    // One topic per case even when several instances hear the same event. The claim expires (a
    // day: longer than the event's own claim and the retries below): one key per case would
    // otherwise stay in Redis forever.
    if ((await store.nextSequence(`staff-topic:${caseId}`, { expireMs: 86_400_000 })) !== 1) return;
    await createTopic(caseId, 1);
  }

  /**
   * Creates the case's topic. The claim above is taken once, so a failure (Telegram's flood
   * control answering 429 with a long retry_after, the network) is retried here by the claimant,
   * after retry_after or a growing pause, up to TOPIC_ATTEMPTS times, while the case is open.
   * `replacing`: the deleted topic this one replaces; `carried`: what was to be said there (a
   * reminder, a console reply), said last, after what a new topic shows anyway.
   */
  async function createTopic(caseId: string, attempt: number, replacing?: number, carried: Post[] = []): Promise<void> {
    const c = await store.get<HandoffCase>("cases", caseId);
    if (!c || (c.staffThreadId && c.staffThreadId !== replacing) || ended(c)) return;
    const reason = reasonOf(c);
    const name = topicName(c);
    let topic: { message_thread_id: number };
    try {
      // In the group's pace like a message: Telegram counts a topic made as one.
      await groupSlot();
      topic = await api.createForumTopic(chatId, name);
    } catch (err) {
      if (refusedByGroup(err)) deps.onGroupChanged?.();
      if (attempt >= TOPIC_ATTEMPTS || stopped) throw err;
      const retryAfter = err instanceof GrammyError ? err.parameters.retry_after : undefined;
      const waitMs = retryAfter !== undefined ? retryAfter * 1000 + 500 : Math.min(60_000, 2_000 * 2 ** (attempt - 1));
      log.warn({ err: describe(err), caseId, attempt, waitMs }, "staff group topic not created, retrying");
      const timer = setTimeout(() => {
        retries.delete(timer);
        void createTopic(caseId, attempt + 1, replacing, carried).catch((e: unknown) => log.warn({ err: describe(e), caseId }, "staff group topic not created"));
      }, waitMs);
      timer.unref();
      retries.add(timer);
      return;
    }
    const threadId = topic.message_thread_id;
    // Recorded under the conversation's lock so it never overwrites a concurrent staff action. What
    // the opening replays is read there too, with the place of the case's last event (`seq`): the
    // events up to it are in that transcript or were before the topic, those after it are posted
    // after the opening (mirror), so no line is shown twice or left out.
    let transcript: TranscriptEntry[] = [];
    await deps.runtime.mutate(c.conversationId, async () => {
      const fresh = await store.get<HandoffCase>("cases", caseId);
      if (!fresh) return {};
      transcript = await store.transcript(c.conversationId);
      const placed = await store.nextSequence(staffCaseSeq(caseId), { expireMs: STAFF_ORDER_KEEP_MS, by: 0 }).catch(() => undefined);
      const { staffTopicSeq: _old, ...rest } = fresh;
      return {
        puts: [
          { collection: "cases", key: caseId, value: { ...rest, staffThreadId: threadId, ...(placed ? { staffTopicSeq: placed } : {}) } },
          { collection: "case_threads", key: String(threadId), value: { caseId } },
        ],
      };
    });
    const position = (await ops.queue()).find((e) => e.case.id === caseId)?.position ?? "-";
    const summary = html.t("staff_notice.topic_summary", {
      reason,
      channel: c.channel,
      permit: c.permit ? (deps.permitName?.(c.permit) ?? c.permit) : "-",
      application: c.applicationNumber ?? "-",
      position,
    });
    // What the citizen had last written when the case was opened (the console queue's line then), so
    // a member knows what it is about from the first message alone; written to the bot before the
    // case, its numbers are masked as the replay's are. What they wrote since (a topic made late)
    // follows below in the replay, in order, not here.
    const last = lastCitizenLine(transcript.filter((l) => l.at <= c.openedAt));
    const words = last && shortWords(last.at < c.openedAt ? masked(last.text) : last.text);
    // Before them, what the citizen needs (the console queue's "Perlu: …", from what was written by
    // then too): often their last words are the request for a person itself ("petugas", "cs").
    const need = await ops.need(c, { until: c.openedAt }).catch((err: unknown) => void log.warn({ err: describe(err), caseId }, "staff group: what the citizen needs not read"));
    // The last words only when they add to it (not the line "Perlu: …" already quotes).
    const opening = [
      ...(need ? [html.t("staff_notice.need", { text: need })] : []),
      ...(words && !needQuotes(need || undefined, last && shortWords(last.text)) ? [html.t("staff_notice.last_words", { text: words })] : []),
    ];
    await say(threadId, opening.length ? joinPosts(summary, typedPost(""), ...opening) : summary);
    // A personal-data request: its kind and deadline (or overdue state), as the console's badge.
    const privacy = privacyLine(c);
    if (privacy) await say(threadId, privacy);
    // A citizen writing in English: staff are told to answer in English.
    const lang = (await store.peekState(c.conversationId).catch(() => null))?.lang;
    if (lang && lang !== "id" && messages.has(`staff_notice.language.${lang}`)) await say(threadId, html.t(`staff_notice.language.${lang}`));
    announced.set(caseId, c.status);
    // What the topic would have shown had it existed since the case was opened (it is made late when
    // Telegram refused at first, or anew for a topic staff deleted), so staff answering from the group
    // alone miss nothing: the whole conversation since the citizen asked for a person, their documents
    // included, and, for what the case is about, what they wrote just before ("izin saya belum jadi").
    const shown = new Set<string>([privacy?.plain ?? ""]);
    const replay = replayLines(c, transcript);
    if (replay.omitted) await say(threadId, html.t("staff_notice.replay_earlier", { count: replay.omitted }));
    for (const { text, document } of replay.lines) {
      shown.add(text.plain);
      await say(threadId, text);
      // A file sent to staff before the topic existed (mirroring had nowhere to post it) follows its line.
      if (document) await postDocument(caseId, document);
    }
    // A done notice whose topic was gone is already the privacy line above: not twice.
    for (const text of carried) if (!shown.has(text.plain)) await say(threadId, text);
    // Notices of other events that found the old topic gone wait for this one (on any instance).
    if (replacing) await store.nextSequence(replacedMark(caseId, replacing), { expireMs: 86_400_000 });
  }
  /**
   * A staff reply's words from its transcript line, which holds it as the citizen read it ("👤 Budi
   * (petugas):\n…", `staff.reply`): the topic shows it as the mirror does ("👤 budi: …"). A line in
   * another language's wording is shown whole.
   */
  let replyShape: { probe: string; shape: RegExp } | undefined;
  /** Made again when a reload changed `staff.reply` (the messages in use are read at each use). */
  const replyBody = (line: string): string => {
    const probe = messages.t("staff.reply", { name: "\u0001", text: "\u0002" });
    if (replyShape?.probe !== probe) {
      const source = probe.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("\u0001", ".+?").replace("\u0002", "([\\s\\S]*)");
      replyShape = { probe, shape: new RegExp(`^${source}$`) };
    }
    return replyShape.shape.exec(line)?.[1] ?? line;
  };

  /**
   * What a new topic replays of the case's conversation, oldest first, at most REPLAY_MAX lines (the
   * newest; `omitted` says how many earlier ones only the console shows): the citizen's lines of the
   * BEFORE_CASE_MS before the case was opened (at most BEFORE_CASE_LINES; written to the bot, often
   * form answers, a NIK or a phone number tried again and again, so numbers and e-mail addresses are
   * masked), then everything since: the citizen's words and documents, staff replies as the citizen
   * read them, and Loket's notes for staff (a case back in the queue). The bot's own answers are left
   * out, as a live topic leaves them.
   */
  function replayLines(c: HandoffCase, all: TranscriptEntry[]): { lines: { text: Post; document?: DocumentRef }[]; omitted: number } {
    const since = new Date(Date.parse(c.openedAt) - BEFORE_CASE_MS).toISOString();
    const transcript = all.filter((l) => l.at >= since);
    const before = transcript.filter((l) => l.at < c.openedAt && l.from === "citizen" && !l.internal).slice(-BEFORE_CASE_LINES);
    const lines: { text: Post; document?: DocumentRef }[] = before.map((l) => ({ text: html.t("staff_notice.citizen_said", { text: masked(l.text) }) }));
    for (const l of transcript) {
      if (l.at < c.openedAt) continue;
      // A file sent before the case was opened was a form's upload for the bot, not for staff.
      if (l.from === "citizen" && !l.internal) lines.push({ text: html.t("staff_notice.citizen_said", { text: l.text }), ...(l.document ? { document: l.document } : {}) });
      else if (l.from === "staff") lines.push({ text: html.t("staff_notice.staff_said", { by: l.by ?? "-", text: replyBody(l.text) }) });
      else if (l.from === "system" && l.internal) lines.push({ text: loketPost(l.text) });
    }
    const omitted = Math.max(0, lines.length - REPLAY_MAX);
    return { lines: lines.slice(omitted), omitted };
  }
  const replacedMark = (caseId: string, oldThread: number) => `staff-topic-replaced:${caseId}:${oldThread}`;

  /**
   * Posts in the case's topic; says where it landed. A topic staff deleted while the case is open
   * (Telegram answers "message thread not found") is replaced by a new one, once, with the case's
   * summary and what the citizen wrote lately, then `texts` (a citizen's message, `inTranscript`,
   * is among what they wrote): the citizen is not left unheard, and staff read there what a live
   * topic would have shown. A notice of another event that finds the topic gone while it is being
   * replaced (here or on another instance) follows into the new topic. A case that ended gets no
   * new topic: `general` (naming the case by its topic's name, no personal data) goes to the
   * group's general thread.
   */
  async function sayInCase(c: HandoffCase, texts: Post | Post[], general: Post[] = [], opts: { inTranscript?: boolean } = {}): Promise<"topic" | "general" | "replaced" | "lost"> {
    const threadId = c.staffThreadId!;
    const list = Array.isArray(texts) ? texts : [texts];
    let sent = 0;
    try {
      for (const text of list) {
        await say(threadId, text);
        sent++;
      }
      return "topic";
    } catch (err) {
      if (!topicGone(err)) throw err;
      if (ended(c)) {
        if (!general.length) return "lost";
        log.warn({ caseId: c.id }, "staff group topic of an ended case was deleted; its notice goes to the general thread");
        for (const text of general) await sayGeneral(text);
        return "general";
      }
      const rest = opts.inTranscript ? [] : list.slice(sent);
      if ((await store.nextSequence(`staff-topic:${c.id}:${threadId}`, { expireMs: 86_400_000 })) !== 1) {
        if (rest.length) await sayInReplacement(c.id, threadId, rest);
        return "replaced";
      }
      log.warn({ caseId: c.id }, "staff group topic of an open case was deleted; opening a new one");
      await createTopic(c.id, 1, threadId, rest);
      return "replaced";
    }
  }

  /** Waits for the topic that replaces `oldThread` (made here or on another instance) to be shown, then says `texts` in it. */
  async function sayInReplacement(caseId: string, oldThread: number, texts: Post[]): Promise<void> {
    const until = Date.now() + REPLACEMENT_WAIT_MS;
    while (!stopped && Date.now() < until) {
      if ((await store.nextSequence(replacedMark(caseId, oldThread), { expireMs: 86_400_000, by: 0 })) > 0) {
        const c = await store.get<HandoffCase>("cases", caseId);
        if (c?.staffThreadId && c.staffThreadId !== oldThread) await sayInCase(c, texts);
        return;
      }
      // Ended meanwhile: no new topic will come.
      const c = await store.get<HandoffCase>("cases", caseId);
      if (!c || ended(c)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!stopped) log.warn({ caseId }, "staff group notice not posted: the case's new topic was not made in time");
  }

  /**
   * A citizen's document, posted in its case's topic (the one the line before it landed in) so
   * members open it where they answer. Named as the console names it (never the citizen's file
   * name); a file no longer stored, or refused by Telegram, is left to the console's download.
   */
  async function postDocument(caseId: string, doc: DocumentRef): Promise<void> {
    if (!deps.files) return;
    const c = await store.get<HandoffCase>("cases", caseId);
    const bytes = c?.staffThreadId && !ended(c) ? await deps.files.get(doc.sha256) : null;
    if (!c?.staffThreadId || !bytes) return;
    const name = `kasus-${c.id.slice(0, 8)}-${doc.sha256.slice(0, 8)}.${DOC_EXT[doc.mime]}`;
    await groupSlot();
    await api
      .sendDocument(chatId, new InputFile(bytes, name), { message_thread_id: c.staffThreadId, caption: messages.t("staff_notice.citizen_document") })
      .catch((err: unknown) => log.warn({ caseId: c.id, err: err instanceof GrammyError ? err.description : String(err) }, "citizen's document not posted in the staff group"));
  }

  /** An event without a place (an older version's, or the store refused the counter): posted as it comes, by the instance that claims it. */
  async function mirror(e: PublishedStaffEvent): Promise<void> {
    if (e.type === "application_updated" || (e.type === "conversation_erased" && !e.caseIds.length)) return;
    // Every instance that runs the group receives the event: the first to claim it posts it.
    if (e.id && (await store.nextSequence(claimKey(e.id), { expireMs: 3_600_000 })) !== 1) return;
    await mirrorNow(e);
  }
  const claimKey = (id: string) => `staff-mirror:${id}`;
  const doneKey = (caseId: string, seq: number) => `staff-case-done:${caseId}:${seq}`;
  const beatKey = (caseId: string, seq: number) => `staff-case-beat:${caseId}:${seq}`;
  const readDone = (caseId: string, seq: number) => store.nextSequence(doneKey(caseId, seq), { expireMs: DONE_KEEP_MS, by: 0 });
  const readBeat = (caseId: string, seq: number) => store.nextSequence(beatKey(caseId, seq), { expireMs: BEAT_KEEP_MS, by: 0 });

  /** A case's placed events waiting here, whether they are being handled, and who waits for them all to be. */
  interface CaseQueue {
    events: Map<number, PublishedStaffEvent>;
    draining: boolean;
    idle: (() => void)[];
  }
  /**
   * A case's placed events this instance received and has not handled yet, by `seq`. Every instance
   * receives every event; each handles a case's events one at a time in their order: it waits for
   * the one before to be posted (`staff-case-done:<case>:<seq>`, by whichever instance), then the
   * first to claim the event posts it while the others wait for it. So staff read a case's topic in
   * the order things happened, from one instance or several, and only one post of a case is under
   * way at a time.
   */
  const caseQueues = new Map<string, CaseQueue>();
  /** The highest `seq` per case seen posted from here: its successor needs no store read to start. */
  const doneHere = new Map<string, number>();
  /** Beats of the posts under way here, stopped by stop(). */
  const beats = new Set<NodeJS.Timeout>();

  function enqueue(caseId: string, e: PublishedStaffEvent & { seq: number }): void {
    let q = caseQueues.get(caseId);
    if (!q) caseQueues.set(caseId, (q = { events: new Map(), draining: false, idle: [] }));
    q.events.set(e.seq, e);
    if (!q.draining) void drain(caseId, q);
  }

  /**
   * Resolves once this instance has handled the case's placed events received so far (at once when
   * none wait): an event without a place (an older version's) is posted after what came before it,
   * not beside a placed event still waiting for its claim or its predecessor.
   */
  function queueIdle(caseId: string): Promise<void> {
    const q = caseQueues.get(caseId);
    return q?.draining ? new Promise((r) => q.idle.push(r)) : Promise.resolve();
  }

  async function drain(caseId: string, q: CaseQueue): Promise<void> {
    q.draining = true;
    try {
      while (!stopped && q.events.size) {
        const seq = Math.min(...q.events.keys());
        // One of a lower place came meanwhile (published later by a slower instance): it goes first.
        if (!(await posted(caseId, seq - 1, () => Math.min(...q.events.keys()) < seq))) continue;
        const e = q.events.get(seq)!;
        q.events.delete(seq);
        await postInOrder(caseId, seq, e).catch((err: unknown) => log.warn({ err: describe(err), event: e.type, caseId }, "staff group mirror failed"));
      }
    } finally {
      q.draining = false;
      if (!q.events.size && caseQueues.get(caseId) === q) caseQueues.delete(caseId);
      for (const r of q.idle.splice(0)) r();
    }
  }

  /**
   * Resolves true once the case's event `seq` is posted (true at once for 0), or when whoever posts it
   * stopped beating for ORDER_STALL_MS (died mid-post, or an older version posts it, or it was never
   * published: a commit that failed after its place was taken); false as soon as `cut()` says to look
   * at another event first, or on stop().
   */
  async function posted(caseId: string, seq: number, cut: () => boolean = () => false): Promise<boolean> {
    if (seq <= 0 || (doneHere.get(caseId) ?? 0) >= seq) return true;
    const w = await watchPost(caseId, seq, cut);
    if (w.end === "stalled") log.warn({ caseId, seq }, "staff group: an earlier event of the case was not posted in time; going on without it");
    return w.end === "done" || w.end === "stalled";
  }

  /**
   * Polls a case's event `seq` until it is posted ("done"), or its poster made no new beat for
   * ORDER_STALL_MS ("stalled"; `beat` the last seen, 0 when it never beat), or `cut()` says to stop
   * ("cut"), or on stop() ("stopped").
   */
  async function watchPost(caseId: string, seq: number, cut: () => boolean = () => false): Promise<{ end: "done" | "stalled" | "cut" | "stopped"; beat: number }> {
    let beat = -1;
    let since = Date.now();
    while (!stopped) {
      if (cut()) return { end: "cut", beat };
      const [done, now] = await Promise.all([readDone(caseId, seq), readBeat(caseId, seq)]);
      if (done > 0) {
        noteDone(caseId, seq);
        return { end: "done", beat: now };
      }
      if (now !== beat) {
        beat = now;
        since = Date.now();
      } else if (Date.now() - since > ORDER_STALL_MS) return { end: "stalled", beat: now };
      await sleep(ORDER_POLL_MS);
    }
    return { end: "stopped", beat };
  }
  const noteDone = (caseId: string, seq: number) => setNewest(doneHere, caseId, Math.max(seq, doneHere.get(caseId) ?? 0), 10_000);

  /**
   * Posts a case's event in its turn: claimed by one instance; the others wait for it to be posted,
   * and one of them posts it after all when its claimant stopped beating mid-post (killed): the
   * event is then posted again from its start (a line may show twice; none is lost).
   */
  async function postInOrder(caseId: string, seq: number, e: PublishedStaffEvent): Promise<void> {
    if ((await readDone(caseId, seq)) > 0) return noteDone(caseId, seq);
    let takeover = false;
    const claims = e.id ? await store.nextSequence(claimKey(e.id), { expireMs: 3_600_000, by: CLAIM_BY_ORDER }) : CLAIM_BY_ORDER;
    if (e.id && claims !== CLAIM_BY_ORDER) {
      // An older version claimed it first (it claims by 1, and posts without marks or beats): it
      // posts it; the case's next event goes on now, here and, through the mark, on the others.
      if (claims < 2 * CLAIM_BY_ORDER && claims % CLAIM_BY_ORDER > 0) {
        log.info({ caseId, seq }, "staff group: an older version posts this event of the case; going on without waiting for it");
        noteDone(caseId, seq);
        await store.nextSequence(doneKey(caseId, seq), { expireMs: DONE_KEEP_MS }).catch(() => undefined);
        return;
      }
      // Posted by the claimant (or by an older version, which marks nothing): the next goes on.
      if (await waitForClaimant(caseId, seq)) return noteDone(caseId, seq);
      if (stopped || (await store.nextSequence(`${claimKey(e.id)}:again`, { expireMs: 3_600_000 })) !== 1) return;
      log.warn({ caseId, seq, event: e.type }, "staff group: the instance posting a case's event stopped; posting it here");
      takeover = true;
    }
    const beat = () => void store.nextSequence(beatKey(caseId, seq), { expireMs: BEAT_KEEP_MS, by: 1 }).catch(() => undefined);
    beat();
    const timer = setInterval(beat, ORDER_BEAT_MS);
    timer.unref();
    beats.add(timer);
    try {
      await mirrorNow(e, { takeover });
    } finally {
      clearInterval(timer);
      beats.delete(timer);
      noteDone(caseId, seq);
      await store.nextSequence(doneKey(caseId, seq), { expireMs: DONE_KEEP_MS }).catch(() => undefined);
    }
  }

  /**
   * Another instance claimed the event: true once it is posted; false when its claimant beat and
   * then stopped (killed mid-post). A claimant that never beat is an older version, which posts
   * without beating: not taken over (it would be posted twice).
   */
  async function waitForClaimant(caseId: string, seq: number): Promise<boolean> {
    const w = await watchPost(caseId, seq);
    return w.end === "stalled" ? w.beat === 0 : true;
  }

  async function mirrorNow(e: PublishedStaffEvent, opts: { takeover?: boolean } = {}): Promise<void> {
    if (e.type === "application_updated") return;
    // Taken over from an instance killed before it recorded the topic: made here (its claim is spent).
    if (e.type === "case_opened") return opts.takeover ? createTopic(e.caseId, 1) : openTopic(e.caseId);
    if (e.type === "conversation_erased") return deleteTopics(e.caseIds);
    const c = await store.get<HandoffCase>("cases", e.caseId);
    if (!c?.staffThreadId) return;
    // Placed before the topic's opening was posted: a line is in that opening's replay, or came
    // before the topic and is left to the console, as always. A change of status is said after it.
    if (e.seq !== undefined && e.seq <= (c.staffTopicSeq ?? 0) && e.type !== "case_updated") return;
    if (e.type === "case_note") {
      // A note written in the topic (/catatan) is there already, with its confirmation.
      if (e.via === "telegram") return;
      await sayInCase(c, html.t("staff_notice.note", { by: e.by, text: e.text }));
      return;
    }
    if (e.type === "case_message") {
      // What group members wrote or did is already in the topic (a reply, a /status answered there).
      if (e.from !== "citizen" && e.via === "telegram") return;
      const text =
        e.from === "citizen"
          ? html.t("staff_notice.citizen_said", { text: e.text })
          : e.from === "staff"
            ? html.t("staff_notice.staff_said", { by: e.by ?? "-", text: e.text })
            : e.from === "bot"
              ? html.t("staff_notice.bot_said", { text: loketPost(e.text) })
              : loketPost(e.text);
      // Loket's own notices (the citizen left the queue, a channel refused a message) come from
      // the messages file and hold no personal data: for an ended case whose topic is gone, they
      // go to the general thread. The citizen's, staff's and the bot's words never do.
      const general = e.from === "system" ? [html.t("staff_notice.notice_general", { topic: topicName(c), opened: wibTime(c.openedAt), notice: loketPost(e.text) })] : [];
      // The citizen's words and staff replies are in the transcript a replacement topic replays.
      await sayInCase(c, text, general, { inTranscript: e.from === "citizen" || e.from === "staff" });
      if (e.from === "citizen" && e.document) await postDocument(c.id, e.document);
      return;
    }
    if (e.privacyDone) {
      // Marked done (here with /pdp_selesai, or in the console): said in the topic; a topic left
      // open after its case ended only for this request is closed now.
      const p = privacyRequestOf(c);
      await sayInCase(c, privacyLine(c)!, p?.doneAt ? [html.t("staff_notice.privacy_done_general", { topic: topicName(c), opened: wibTime(c.openedAt), time: wibTime(p.doneAt), by: p.doneBy ?? "-" })] : []);
      if (c.status === "returned" || c.status === "closed") await closeTopic(c.staffThreadId);
      return;
    }
    // The case as this change left it (posted later, the case may have moved on since); an event of
    // an older version does not say: the case as it is now, once per status and holder.
    const status = e.status ?? c.status;
    const heldBy = e.status ? e.heldBy : c.heldBy;
    const key = `${status}:${heldBy ?? ""}`;
    if (e.before ? `${e.before.status}:${e.before.heldBy ?? ""}` === key : announced.get(c.id) === key) return;
    announced.set(c.id, key);
    const by = e.by ?? heldBy ?? "-";
    if (status === "held") await sayInCase(c, html.t("staff_notice.taken", { by }));
    if (status === "returned" || status === "closed") {
      announced.delete(c.id);
      // Left the queue by the citizen: the notice that says so is a message of its own (above).
      const inTopic: Post[] = [];
      const general: Post[] = [];
      if (status !== "returned" || by !== "-") {
        inTopic.push(html.t(status === "returned" ? "staff_notice.returned" : "staff_notice.closed", { by }));
        general.push(html.t(status === "returned" ? "staff_notice.returned_general" : "staff_notice.closed_general", { topic: topicName(c), opened: wibTime(c.openedAt), by }));
      }
      // A personal-data request still to do outlives the chat: the topic stays open for /pdp_selesai
      // (members cannot write in a closed topic) and its reminder, and says so. With the topic
      // gone, the general thread says it, to be marked done in the console.
      const pending = privacyPending(c);
      if (pending) {
        inTopic.push(privacyLine(c)!);
        const p = privacyView(c, now())!;
        general.push(html.t(p.overdue ? "staff_notice.privacy_overdue_general" : "staff_notice.privacy_due_general", { topic: topicName(c), opened: wibTime(c.openedAt), kind: privacyKind(c), due: wibTime(p.dueAt) }));
      }
      const landed = inTopic.length ? await sayInCase(c, inTopic, general) : "topic";
      if (landed === "topic" && !pending) await closeTopic(c.staffThreadId);
    }
  }

  /** Closes a topic (best effort), in the group's pace. */
  async function closeTopic(threadId: number): Promise<void> {
    await groupSlot();
    await api.closeForumTopic(chatId, threadId).catch(() => undefined);
  }

  /**
   * The citizen had the conversation erased: its copies in the group (the cases' topics) go too,
   * each after its case's last placed event was posted (the case given back just before the
   * erasure: "Dikembalikan ke bot" is still on its way), so nothing is posted into a topic deleted
   * before it, or about it in the general thread after.
   */
  async function deleteTopics(caseIds: string[]): Promise<void> {
    for (const id of caseIds) {
      const last = await store.nextSequence(staffCaseSeq(id), { expireMs: STAFF_ORDER_KEEP_MS, by: 0 }).catch(() => 0);
      if (last > 0 && !(await posted(id, last))) return;
      const c = await store.get<HandoffCase>("cases", id);
      if (!c?.staffThreadId) continue;
      await groupSlot();
      await api.deleteForumTopic(chatId, c.staffThreadId).catch((err: unknown) => log.warn({ err: describe(err), caseId: id }, "staff group topic not deleted"));
      announced.delete(id);
    }
  }

  /** Per case, the posting of its last line (citizen, bot, staff, notices), for the next to wait on. */
  const caseLines = new Map<string, Promise<void>>();
  const unsubscribe =
    deps.mirror === false
      ? () => undefined
      : deps.bus.subscribe(STAFF_TOPIC, (payload) => {
          const e = payload as PublishedStaffEvent;
          if (typeof e.seq === "number" && e.type !== "application_updated" && e.type !== "conversation_erased") return enqueue(e.caseId, e as PublishedStaffEvent & { seq: number });
          // After the case's placed events already received here (an older version's event has no place).
          const before = "caseId" in e && typeof e.caseId === "string" ? queueIdle(e.caseId) : Promise.resolve();
          const run = () => before.then(() => mirror(e)).catch((err: unknown) => log.warn({ err: describe(err), event: e.type }, "staff group mirror failed"));
          if (e.type !== "case_message") return void run();
          // A case's lines are posted one after another, in the order said: a long citizen message
          // (two posts) is not cut in two by the bot's answer to it (the queue place) posted meanwhile.
          const next = (caseLines.get(e.caseId) ?? Promise.resolve()).then(run);
          caseLines.set(e.caseId, next);
          void next.finally(() => {
            if (caseLines.get(e.caseId) === next) caseLines.delete(e.caseId);
          });
        });

  bot
    .chatType(["group", "supergroup"])
    .filter((ctx) => String(ctx.chat.id) === chatId)
    .on("message", async (ctx: Context) => {
      try {
        await onGroupMessage(ctx);
      } catch (err) {
        log.warn({ err: describe(err), updateId: ctx.update.update_id }, "staff group message failed");
        // The store refused it (the citizen's conversation busy past the lock wait, the store away):
        // nothing reached the citizen, and the update counts as seen. Staff must know to send it again.
        const threadId = ctx.message?.is_topic_message ? ctx.message.message_thread_id : undefined;
        if (err instanceof StoreError && threadId) await say(threadId, html.t("staff_notice.not_done")).catch(() => undefined);
      }
    });
  // A reply edited after it was sent: the citizen already has the first version; say so.
  bot
    .chatType(["group", "supergroup"])
    .filter((ctx) => String(ctx.chat.id) === chatId)
    .on("edited_message", async (ctx: Context) => {
      const msg = ctx.editedMessage!;
      if (!msg.is_topic_message || !msg.from || msg.from.is_bot) return;
      try {
        if (!(await caseByThread(msg.message_thread_id!)) || !(await firstTime(ctx.update.update_id))) return;
        await say(msg.message_thread_id!, html.t("staff_notice.edit_not_sent"));
      } catch (err) {
        log.warn({ err: describe(err), updateId: ctx.update.update_id }, "staff group edit notice failed");
      }
    });
  // The bot's membership in the group changed (added, promoted, removed): the group is checked again.
  bot.on("my_chat_member", (ctx, next) => {
    if (String(ctx.chat.id) === chatId) deps.onGroupChanged?.();
    return next();
  });

  // The group's "/" menu lists the staff commands (the citizens' menu is for private chats). Set at
  // install, again by `setCommands` once the staff group check finds the group usable after a fix,
  // and by `refreshCommands` after a reload that changed their descriptions (messages/).
  const menu = () => [
    { command: "ambil", description: messages.t("staff_notice.command.ambil") },
    { command: "kembalikan", description: messages.t("staff_notice.command.kembalikan") },
    { command: "selesai", description: messages.t("staff_notice.command.selesai") },
    { command: "status", description: messages.t("staff_notice.command.status") },
    { command: NOTE_COMMAND, description: messages.t("staff_notice.command.catatan") },
    { command: PRIVACY_DONE_COMMAND, description: messages.t("staff_notice.command.pdp_selesai") },
    { command: QUEUE_COMMAND, description: messages.t("staff_notice.command.antrean") },
  ];
  /** The menu as last set in the group from here (or by another instance that claimed it): what a reload compares with. */
  let menuSet: string | undefined;
  const setCommands = (commands = menu()): Promise<boolean> =>
    api
    .setMyCommands(commands, { scope: { type: "chat", chat_id: chatId } })
    .then(() => {
      menuSet = JSON.stringify(commands);
      return true;
    })
    .catch((err: unknown) => {
      // Switching Topics on turns a basic group into a supergroup with a new id: the old one is refused.
      const moved = err instanceof GrammyError ? err.parameters.migrate_to_chat_id : undefined;
      if (moved !== undefined && deps.sayMoved) deps.sayMoved(moved);
      else if (moved !== undefined) {
        log.error({ code: "TELEGRAM_STAFF_CHAT_MIGRATED", migrateToChatId: moved }, `TELEGRAM_STAFF_CHAT_ID names a group Telegram turned into a supergroup (as when Topics are switched on): set TELEGRAM_STAFF_CHAT_ID=${moved} and restart`);
        return false;
      }
      // A group the bot cannot use (400 chat not found, 403) or Telegram unreachable: the staff
      // group check says it in one line (TELEGRAM_STAFF_GROUP_UNUSABLE, or "not checked yet").
      log.debug({ err: describe(err) }, "staff group commands not set");
      return false;
    });
  void setCommands();
  /**
   * After a reload: the menu set again when its descriptions changed. Instances on one Redis reload
   * together: the first to claim this menu (a store counter, for a minute) sets it, the others note it
   * as set. A menu never set (the group unusable so far) is left to `setCommands`, which reads the
   * messages in use when the group becomes usable.
   */
  const refreshCommands = async (): Promise<void> => {
    if (menuSet === undefined) return;
    const commands = menu();
    const said = JSON.stringify(commands);
    if (said === menuSet) return;
    if (deps.shared && !(await firstToClaim(store, `staff-group-menu:${chatId}`, said))) {
      menuSet = said;
      return;
    }
    if (await setCommands(commands)) log.info("staff group command menu set again after the reload of messages/");
    else log.warn("the staff group's command menu was not set again after the reload (the group or Telegram not reachable?); it is set when the group is next found usable, or at the next start");
  };

  /**
   * True the first time an update is seen, on any instance: a webhook delivered again (to this
   * instance or another behind a load balancer) must not reply to the citizen twice. Uses the
   * store's dedupe window of a conversation of its own, `telegram-group:<chat id>`, which holds no
   * state and no transcript.
   */
  async function firstTime(updateId: number): Promise<boolean> {
    const dedupeKey = `telegram-group:${updateId}`;
    const turn = await store.begin(`telegram-group:${chatId}`, { dedupeKey });
    if (turn.duplicate) {
      await turn.release();
      return false;
    }
    await turn.commit({ dedupeKey });
    return true;
  }

  async function onGroupMessage(ctx: Context): Promise<void> {
    const msg = ctx.message!;
    const threadId = msg.is_topic_message ? msg.message_thread_id : undefined;
    // An admin with "Remain anonymous" on writes as the group (from GroupAnonymousBot): no staff
    // account can be known, so nothing reaches the citizen; in a case's topic, say so once.
    if (msg.sender_chat && !msg.is_automatic_forward && threadId) {
      if ((await caseByThread(threadId)) && (await firstTime(ctx.update.update_id))) await say(threadId, html.t("staff_notice.anonymous"));
      return;
    }
    if (!msg.from || msg.from.is_bot) return;
    // A command outside any case's topic (the General topic) does nothing: say where they work.
    // Plain talk there is staff talking among themselves and is left alone.
    if (!threadId) {
      if (isQueueCommand(msg.text) && (await firstTime(ctx.update.update_id))) {
        await sayQueue(msg.from.id, msg.message_thread_id);
        return;
      }
      if (/^\/[a-z_]+(@\w+)?(\s|$)/i.test(msg.text ?? "") && (await firstTime(ctx.update.update_id))) {
        await send(html.t("staff_notice.outside_topic"), { ...(msg.message_thread_id ? { message_thread_id: msg.message_thread_id } : {}) });
      }
      return;
    }
    if (!(await firstTime(ctx.update.update_id))) return;
    const c = await caseByThread(threadId);
    if (!c) return;
    if (isQueueCommand(msg.text)) {
      await sayQueue(msg.from.id, threadId);
      return;
    }
    const account = await staffByTelegram(store, msg.from.id);
    if (!account) {
      await say(threadId, await notActing(msg.from.id));
      return;
    }
    const actor = telegramActor(account);
    // Photos, documents, stickers: only text goes to the citizen; say so instead of dropping it.
    // A caption is text: it goes, the file does not.
    if (typeof msg.text !== "string") {
      // Telegram's own notes in the topic (a pin, the topic renamed, closed or reopened) are not staff's words.
      if (!MEDIA_KINDS.some((k) => (msg as unknown as Record<string, unknown>)[k] !== undefined)) return;
      await say(threadId, html.t("staff_notice.text_only"));
      if (msg.caption?.trim()) {
        const r = await ops.reply(c.id, actor, msg.caption);
        if (!r.ok) await say(threadId, await refusal(c.id, r, "reply"));
      }
      return;
    }
    const command = /^\/([a-z_]+)(?:@(\w+))?(\s.*)?$/is.exec(msg.text.trim());
    if (command) {
      // A command for another bot in the group is not ours.
      const me = bot.botInfo?.username;
      if (command[2] && me && command[2].toLowerCase() !== me.toLowerCase()) return;
      if (command[1]!.toLowerCase() === "status") {
        // Telegram dates a message to the second: a change within that second counts as seen.
        await setStatus(threadId, c, actor, command[3] ?? "", new Date(msg.date * 1000 + 999));
        return;
      }
      if (command[1]!.toLowerCase() === NOTE_COMMAND) {
        await writeNote(threadId, c, actor, command[3] ?? "");
        return;
      }
      if (command[1]!.toLowerCase() === PRIVACY_DONE_COMMAND && !command[3]?.trim()) {
        await completePrivacy(threadId, c, actor);
        return;
      }
      const op = COMMANDS[command[1]!.toLowerCase()];
      if (!op || command[3]?.trim()) {
        await say(threadId, html.t("staff_notice.commands"));
        return;
      }
      const r = await ops[op](c.id, actor);
      if (!r.ok) await say(threadId, await refusal(c.id, r, "command"));
      return;
    }
    if (msg.text.startsWith("/")) {
      await say(threadId, html.t("staff_notice.commands"));
      return;
    }
    const r = await ops.reply(c.id, actor, msg.text);
    if (!r.ok) await say(threadId, await refusal(c.id, r, "reply"));
  }

  /** `/antrean` (or `/antrean@<this bot>`), alone: the queue, asked anywhere in the group. */
  function isQueueCommand(text: string | undefined): boolean {
    const m = /^\/([a-z_]+)(?:@(\w+))?\s*$/i.exec(text?.trim() ?? "");
    const me = bot.botInfo?.username;
    return !!m && m[1]!.toLowerCase() === QUEUE_COMMAND && (!m[2] || !me || m[2].toLowerCase() === me.toLowerCase());
  }

  /**
   * `/antrean`: what is still open, for closing the day or a busy morning from the group alone. The
   * waiting cases in queue order (how long they wait), then the held ones (by whom), each named by
   * its topic's name with the topic's link: no citizen's words, name or number. For linked, enabled
   * staff accounts only; anyone else is told how to be linked. Posted where it was asked.
   */
  async function sayQueue(fromId: number, threadId: number | undefined): Promise<void> {
    const where = threadId ? { message_thread_id: threadId } : {};
    if (!(await staffByTelegram(store, fromId))) {
      await send(await notActing(fromId), where);
      return;
    }
    const entries = await ops.queue();
    const waiting = entries.filter((e) => e.case.status === "waiting").length;
    const time = wibTime(now().toISOString());
    if (!entries.length) {
      await send(html.t("staff_notice.queue_empty", { time }), where);
      return;
    }
    const title = html.t("staff_notice.queue_title", { time, waiting, held: entries.length - waiting });
    const lines = entries.slice(0, QUEUE_LIST_MAX).map((e) => {
      const topic = topicName(e.case);
      const link = topicLink(e.case) ?? messages.t("staff_notice.queue_no_topic");
      return e.case.status === "waiting"
        ? html.t("staff_notice.queue_waiting", { position: e.position ?? "-", topic, link, minutes: e.waitingMinutes })
        : html.t("staff_notice.queue_held", { topic, link, by: e.case.heldBy ?? "-" });
    });
    const more = entries.length > QUEUE_LIST_MAX ? [html.t("staff_notice.queue_more", { count: entries.length - QUEUE_LIST_MAX })] : [];
    await send(joinPosts(title, ...lines, ...more), where);
  }

  /** The link that opens a case's topic (a supergroup's id is -100<internal id>); none without a topic. */
  function topicLink(c: HandoffCase): string | undefined {
    const internal = /^-100(\d+)$/.exec(chatId)?.[1];
    return internal && c.staffThreadId ? `https://t.me/c/${internal}/${c.staffThreadId}` : undefined;
  }

  /**
   * `/catatan <teks>` in a topic: an internal note on the case as this member (the console's
   * operation: kept on the case, audited without its text), confirmed in the topic; the citizen is
   * never sent it. Without text, how to write one.
   */
  async function writeNote(threadId: number, c: HandoffCase, actor: StaffActor, args: string): Promise<void> {
    const text = args.trim();
    if (!text) {
      await say(threadId, html.t("staff_notice.note_usage"));
      return;
    }
    const r = await ops.note(c.id, actor, text);
    if (r.ok) await say(threadId, html.t("staff_notice.note_saved", { by: actor.username }));
    else await say(threadId, r.error === "invalid" ? html.t("staff_notice.note_too_long", { max: NOTE_MAX_CHARS }) : html.t("staff_notice.not_done"));
  }

  /** `/status …` in a topic: the application's status changed as from the console (the citizen is told). */
  /**
   * The group shows no version to send back: what the member could have read is what reached the
   * topic before they sent the command, so a change someone else made after `sentAt` (the command
   * queued while Loket restarted, a console save in the same seconds) refuses it.
   */
  async function setStatus(threadId: number, c: HandoffCase, actor: StaffActor, args: string, sentAt: Date): Promise<void> {
    const parsed = parseStatusCommand(args, c.applicationNumber);
    if ("error" in parsed) {
      if (parsed.error === "unknown_status") {
        const example = ["/status", parsed.number, parsed.suggestion].filter(Boolean).join(" ");
        await say(threadId, parsed.suggestion ? html.t("staff_notice.status_did_you_mean", { word: parsed.word, suggestion: parsed.suggestion, example }) : joinPosts(html.t("staff_notice.status_unknown", { word: parsed.word }), html.t("staff_notice.status_usage")));
      } else if (parsed.error === "no_documents") await say(threadId, html.t("staff_notice.status_documents_empty", { number: parsed.number ?? "RBG-2026-000123" }));
      else if (parsed.error === "bad_number") await say(threadId, html.t("staff_notice.status_bad_number", { word: parsed.word }));
      else await say(threadId, html.t(parsed.error === "no_number" ? "staff_notice.status_no_number" : "staff_notice.status_usage"));
      return;
    }
    // Documents named: checked against the application's permit before anything changes, so a
    // mistyped name is answered with the names that would do (the citizen is told nothing yet).
    let documents = parsed.documents;
    if (documents) {
      const app = await store.get<Application>("applications", parsed.number);
      const example = `/status ${parsed.number} perbaikan dok:${documents.join(",")} <alasan untuk warga>`;
      if (parsed.status !== "needs_correction") {
        await say(threadId, html.t("staff_notice.status_documents_correction_only", { example }));
        return;
      }
      const known = app ? deps.permitDocuments?.(app.permit) : undefined;
      if (app && known) {
        const resolved = documents.map((d) => resolveDocument(d, known));
        const unknown = documents.filter((_, i) => !resolved[i]);
        if (unknown.length) {
          await say(
            threadId,
            html.t("staff_notice.status_documents_unknown", {
              documents: unknown.join(", "),
              number: parsed.number,
              permit: deps.permitName?.(app.permit) ?? app.permit,
              valid: known.map((k) => `${k.id} (${k.name})`).join(", "),
              example: `/status ${parsed.number} perbaikan dok:${known[0]?.id ?? "ktp"} <alasan untuk warga>`,
            }),
          );
          return;
        }
        documents = [...new Set(resolved as string[])];
      }
    }
    const r = await ops.changeStatus(parsed.number, actor, {
      status: parsed.status,
      ...(parsed.note ? { note: parsed.note } : {}),
      ...(documents ? { documents } : {}),
      seenAt: sentAt.toISOString(),
    });
    if (r.ok) {
      const changed = html.t(r.notified ? "staff_notice.status_changed" : "staff_notice.status_changed_unreached", { number: parsed.number, status_label: messages.t(`status.label.${parsed.status}`) });
      if (!documents?.length) await say(threadId, changed);
      else {
        const known = deps.permitDocuments?.(r.application.permit);
        const names = documents.map((d) => known?.find((k) => k.id === d)?.name ?? d).join(", ");
        await say(threadId, joinPosts(changed, html.t("staff_notice.status_documents_asked", { documents: names })));
      }
      return;
    }
    if (r.error === "invalid" && documents?.length) {
      // Not checked above (no knowledge of the permit): the status change refused an id.
      await say(threadId, html.t("staff_notice.status_documents_unknown", { documents: documents.join(", "), number: parsed.number, permit: "-", valid: "-", example: `/status ${parsed.number} perbaikan dok:ktp <alasan untuk warga>` }));
      return;
    }
    const label = (st: ApplicationStatus) => messages.t(`status.label.${st}`);
    if (r.error === "stale" && r.current) {
      const time = r.current.at ? new Intl.DateTimeFormat("id-ID", { timeZone: "Asia/Jakarta", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(r.current.at)) : "-";
      await say(threadId, html.t("staff_notice.status_stale", { number: parsed.number, status_label: label(r.current.status), by: r.current.by === "citizen" ? "warga (dokumen perbaikan)" : (r.current.by ?? "-"), time }));
      return;
    }
    if (r.error === "note_required") {
      // The example names the status asked for ("perbaikan", "ditolak"): its first word in STATUS_WORDS.
      const word = Object.keys(STATUS_WORDS).find((w) => STATUS_WORDS[w] === parsed.status) ?? parsed.status;
      await say(threadId, html.t("staff_notice.status_note_required", { number: parsed.number, status_label: label(parsed.status), word }));
      return;
    }
    const key = r.error === "not_found" ? "staff_notice.status_not_found" : r.error === "conflict" ? "staff_notice.status_conflict" : "staff_notice.status_usage";
    const app = r.error === "conflict" ? await store.get<Application>("applications", parsed.number) : null;
    const allowed = app ? STATUS_TRANSITIONS[app.status].map(label).join(", ") || "-" : "-";
    await say(threadId, html.t(key, { number: parsed.number, status_label: app ? label(app.status) : "-", allowed }));
  }

  /**
   * `/pdp_selesai` in a topic: the console's privacy-done (same operation: recorded on the case,
   * audited as this member, the citizen told). Done, the mirror says so in the topic, as for the
   * console's; refused, the member is told why.
   */
  async function completePrivacy(threadId: number, c: HandoffCase, actor: StaffActor): Promise<void> {
    const r = await ops.completePrivacy(c.id, actor);
    if (r.ok) return;
    if (r.error === "invalid") {
      await say(threadId, html.t("staff_notice.privacy_not_privacy"));
      return;
    }
    const fresh = await store.get<HandoffCase>("cases", c.id);
    const p = fresh ? privacyRequestOf(fresh) : undefined;
    if (p?.doneAt) await say(threadId, html.t("staff_notice.privacy_already_done", { time: wibTime(p.doneAt), by: p.doneBy ?? "-" }));
    else if (fresh?.status === "held") await say(threadId, html.t("staff_notice.held_by_other", { by: fresh.heldBy ?? "-" }));
    else await say(threadId, html.t("staff_notice.closed_already"));
  }

  /**
   * Personal-data requests not done within PRIVACY_REMIND_MS of their deadline: one reminder each
   * in the case's topic (the general thread for a case without one). The open and lately finished cases (`recent_cases`, as the idle sweep
   * reads) hold every request that can be in that window. With several instances each runs this;
   * the one that claims the request's store counter (expiring once the window has passed) posts.
   */
  async function remindPrivacy(): Promise<void> {
    const t = now().getTime();
    for (const c of await recentCases(store)) {
      const p = privacyRequestOf(c);
      if (!p || p.doneAt) continue;
      const due = Date.parse(p.dueAt);
      if (t < due - PRIVACY_REMIND_MS || t >= due) continue;
      try {
        if ((await store.nextSequence(`staff-privacy-reminder:${c.id}`, { expireMs: PRIVACY_REMIND_MS + 3_600_000 })) !== 1) continue;
        const hours = Math.max(1, Math.ceil((due - t) / 3_600_000));
        const vars = { kind: privacyKind(c), due: wibTime(p.dueAt), hours };
        const named = { ...vars, topic: topicName(c), opened: wibTime(c.openedAt) };
        // A case with no topic (the bot may not create topics, or it gave up retrying): the
        // reminder goes to the general thread, or nobody in the group would hear of the deadline.
        if (!c.staffThreadId) await sayGeneral(html.t("staff_notice.privacy_reminder_no_topic", named));
        else await sayInCase(c, html.t("staff_notice.privacy_reminder", vars), [html.t("staff_notice.privacy_reminder_general", named)]);
      } catch (err) {
        log.warn({ err: describe(err), caseId: c.id }, "staff group privacy reminder failed");
      }
    }
  }
  let reminding = false;
  const reminder =
    deps.mirror === false || deps.remindEveryMs === false
      ? undefined
      : setInterval(() => {
          if (reminding || stopped) return;
          reminding = true;
          remindPrivacy()
            .catch((err: unknown) => log.warn({ err: describe(err) }, "staff group privacy reminders failed"))
            .finally(() => {
              reminding = false;
            });
        }, deps.remindEveryMs ?? 60_000);
  reminder?.unref();

  /** Why a group member cannot act: a disabled account (enable it), or none linked (link one). */
  async function notActing(telegramId: number): Promise<Post> {
    const disabled = (await store.list<StaffAccount>("staff")).find((a) => a.telegramId === telegramId && a.disabled);
    return disabled ? html.t("staff_notice.disabled", { username: disabled.username }) : html.t("staff_notice.not_linked", { id: telegramId });
  }

  /** Why an action was refused: a reply too long says so; otherwise the case as it is now. */
  async function refusal(caseId: string, r: { error: string }, what: "reply" | "command"): Promise<Post> {
    if (r.error === "invalid") return html.t("staff_notice.reply_too_long");
    const c = await store.get<HandoffCase>("cases", caseId);
    // A reply that did not go says so plainly, and a case given back to the bot is not called
    // finished: the citizen talks to the bot now, and asking for a person again opens a new topic.
    if (c?.status === "returned") return what === "reply" ? html.t("staff_notice.returned_not_sent") : html.t("staff_notice.returned_already");
    if (!c || c.status === "closed") return what === "reply" ? html.t("staff_notice.closed_not_sent") : html.t("staff_notice.closed_already");
    if (c.status === "held") return html.t("staff_notice.held_by_other", { by: c.heldBy ?? "-" });
    return html.t("staff_notice.not_held");
  }

  return {
    setCommands: () => void setCommands(),
    refreshCommands,
    stop() {
      stopped = true;
      if (reminder) clearInterval(reminder);
      for (const t of retries) clearTimeout(t);
      retries.clear();
      for (const t of beats) clearInterval(t);
      beats.clear();
      unsubscribe();
    },
  };
}

/** Telegram refused a post for the group itself (the bot removed, not an admin, the id gone): not for one topic or message. */
function refusedByGroup(err: unknown): boolean {
  return err instanceof GrammyError && (err.error_code === 403 || /chat not found|not enough rights/i.test(err.description));
}

function describe(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError) {
    const moved = err.parameters.migrate_to_chat_id;
    return { method: err.method, errorCode: err.error_code, description: err.description, ...(moved !== undefined ? { migrateToChatId: moved } : {}) };
  }
  return { name: (err as Error)?.name, message: (err as Error)?.message };
}
