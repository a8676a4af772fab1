import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * A Telegram Bot API server on loopback for tests, honouring the Bot API's JSON contract:
 * `POST /bot<token>/<method>` with JSON, form or multipart bodies answered with
 * `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }`, and file
 * downloads at `GET /file/bot<token>/<file_path>`. Covers what telegram-test-api does not:
 * getFile, file download and sendDocument. Test hooks inject updates and read what the bot sent.
 */
export interface SentMessage {
  method: string;
  chat_id: number | string;
  text?: string;
  parse_mode?: string;
  /**
   * With parse_mode "HTML": the text as a Telegram client shows it (tags gone, entities decoded)
   * and its formatted pieces, as Telegram parses them (a text it cannot parse is refused with 400).
   */
  rendered?: string;
  entities?: { type: string; text: string }[];
  reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] };
  message_thread_id?: number;
  document?: { filename: string; bytes: Buffer };
  message_id: number;
}

export interface BotApiEmulator {
  /** For `client: { apiRoot }` and TELEGRAM_API_ROOT. */
  apiRoot: string;
  token: string;
  /** Every call the bot made, in order: method and payload. */
  calls: { method: string; payload: Record<string, unknown> }[];
  /** Messages the bot sent (sendMessage, sendDocument), in order. */
  sent: SentMessage[];
  sentTo(chatId: number): SentMessage[];
  /** Queue an update for getUpdates (long polling); returns it (e.g. to post it to a webhook). */
  pushUpdate(update: Record<string, unknown>): Record<string, unknown>;
  text(chatId: number, text: string, opts?: { chatType?: string; threadId?: number; fromId?: number }): Record<string, unknown>;
  tap(chatId: number, data: string, messageId?: number): Record<string, unknown>;
  document(chatId: number, bytes: Buffer, fileName: string, mimeType: string, opts?: { declaredSize?: number }): Record<string, unknown>;
  photo(chatId: number, bytes: Buffer): Record<string, unknown>;
  other(chatId: number, kind: "sticker" | "voice" | "video_note" | "location" | "contact"): Record<string, unknown>;
  /** The next `times` calls of `method` answer 429 with `retry_after`. */
  failWith429(method: string, times: number, retryAfter: number): void;
  /** The next `times` calls of `method` fail with `status` and `description` (as the Bot API answers a refusal). */
  failWith(method: string, times: number, status: number, description: string, parameters?: Record<string, unknown>): void;
  /** From now on every send to this chat fails as Telegram answers it (a citizen who blocked the bot: 403 "Forbidden: bot was blocked by the user"). */
  refuseChat(chatId: number, status: number, description: string): void;
  /** The forum topic is deleted: sends into it answer 400 "Bad Request: message thread not found". */
  deleteThread(threadId: number): void;
  /**
   * What getChat answers for this chat: its kind (a group with or without Topics), or a refusal as
   * Telegram gives it (400 "Bad Request: chat not found" for an id the bot is not in, 403 "Forbidden:
   * bot was kicked from the supergroup chat"). By default a negative id is a forum supergroup.
   */
  setChat(chatId: number, answer: { type: string; is_forum?: boolean } | { status: number; description: string }): void;
  /** What getChatMember answers for the bot in this chat (by default an admin allowed to manage topics). */
  setBotMember(chatId: number, member: Record<string, unknown>): void;
  /** Resolves when the bot has sent at least `n` messages to the chat. */
  waitForSent(chatId: number, n: number, timeoutMs?: number): Promise<SentMessage[]>;
  close(): Promise<void>;
}

/** Telegram's HTML parse mode: its tags and the entity type each makes. */
const HTML_TAGS: Record<string, string> = {
  b: "bold", strong: "bold", i: "italic", em: "italic", u: "underline", ins: "underline",
  s: "strikethrough", strike: "strikethrough", del: "strikethrough", code: "code", pre: "pre",
  a: "text_link", "tg-spoiler": "spoiler", span: "spoiler", blockquote: "blockquote", "tg-emoji": "custom_emoji",
};
const HTML_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/**
 * Parses `html` as the Bot API does for parse_mode "HTML": the supported tags only, each closed in
 * order, `<` only as a tag's start (`&lt;` otherwise). Refused in Telegram's words ("can't parse
 * entities: ..."), as the real API answers 400.
 */
export function parseTelegramHtml(html: string): { text: string; entities: { type: string; text: string }[] } | { error: string } {
  let text = "";
  const entities: { type: string; text: string; start: number }[] = [];
  const open: { name: string; start: number }[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === "<") {
      const tag = /^<(\/?)([a-zA-Z][\w-]*)(\s[^<>]*)?>/.exec(html.slice(i));
      if (!tag) return { error: `Bad Request: can't parse entities: Unclosed start tag at byte offset ${Buffer.byteLength(html.slice(0, i))}` };
      const name = tag[2]!.toLowerCase();
      if (!HTML_TAGS[name]) return { error: `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${Buffer.byteLength(html.slice(0, i))}` };
      if (tag[1]) {
        const top = open.pop();
        if (!top || top.name !== name) return { error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${Buffer.byteLength(html.slice(0, i))}, expected "</${top?.name ?? ""}>", found "</${name}>"` };
        entities.push({ type: HTML_TAGS[name]!, text: text.slice(top.start), start: top.start });
      } else open.push({ name, start: text.length });
      i += tag[0].length;
      continue;
    }
    if (ch === "&") {
      const ent = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(html.slice(i));
      if (ent) {
        const e = ent[1]!;
        text += e.startsWith("#x") ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : HTML_ENTITIES[e]!;
        i += ent[0].length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  if (open.length) return { error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open[open.length - 1]!.name}"` };
  return { text, entities: entities.sort((a, b) => a.start - b.start).map(({ type, text: t }) => ({ type, text: t })) };
}

const BOT = { id: 7000001, is_bot: true, first_name: "Loket", username: "loket_test_bot", can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };

export async function startBotApiEmulator(): Promise<BotApiEmulator> {
  const token = `7000001:${randomBytes(12).toString("hex")}`;
  const updates: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  const files = new Map<string, { path: string; bytes: Buffer }>();
  const failures = new Map<string, { times: number; retryAfter?: number; status?: number; description?: string; parameters?: Record<string, unknown> }>();
  const calls: BotApiEmulator["calls"] = [];
  const refusedChats = new Map<number, { status: number; description: string }>();
  const deletedThreads = new Set<number>();
  const chats = new Map<number, { type: string; is_forum?: boolean } | { status: number; description: string }>();
  const botMembers = new Map<number, Record<string, unknown>>();
  const sent: SentMessage[] = [];
  const sentWaiters: (() => void)[] = [];
  let updateId = 100;
  let allowedUpdates: string[] = [];
  const NOT_BY_DEFAULT = new Set(["chat_member", "message_reaction", "message_reaction_count"]);
  let messageId = 1;
  let confirmed = 0;

  const now = () => Math.floor(Date.now() / 1000);
  const user = (id: number) => ({ id, is_bot: false, first_name: "Warga", language_code: "id" });
  const chat = (id: number, type = "private") => (type === "private" ? { id, type, first_name: "Warga" } : { id, type, title: "Staf", is_forum: true });
  const notify = (list: (() => void)[]) => list.splice(0).forEach((f) => f());

  function pushUpdate(u: Record<string, unknown>): Record<string, unknown> {
    const update = { update_id: ++updateId, ...u };
    updates.push(update);
    notify(waiters);
    return update;
  }
  const message = (chatId: number, extra: Record<string, unknown>, opts: { chatType?: string; threadId?: number; fromId?: number } = {}) =>
    pushUpdate({
      message: {
        message_id: messageId++,
        date: now(),
        chat: chat(chatId, opts.chatType),
        from: user(opts.fromId ?? chatId),
        ...(opts.threadId ? { message_thread_id: opts.threadId, is_topic_message: true } : {}),
        ...extra,
      },
    });
  const addFile = (bytes: Buffer, ext: string) => {
    const id = `F${randomBytes(8).toString("hex")}`;
    files.set(id, { path: `documents/${id}.${ext}`, bytes });
    return id;
  };

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  /** JSON, urlencoded, or multipart/form-data (grammY sends files as multipart). */
  function parsePayload(req: IncomingMessage, body: Buffer): Record<string, unknown> {
    const type = req.headers["content-type"] ?? "";
    if (!body.length) return {};
    if (type.includes("application/json")) return JSON.parse(body.toString("utf8")) as Record<string, unknown>;
    if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(body.toString("utf8")));
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    if (!boundary) return {};
    const sep = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
    const out: Record<string, unknown> = {};
    let start = body.indexOf(sep);
    while (start >= 0) {
      const next = body.indexOf(sep, start + sep.length);
      if (next < 0) break;
      const part = body.subarray(start + sep.length + 2, next - 2);
      const headerEnd = part.indexOf("\r\n\r\n");
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]+)"/.exec(headers)?.[1];
      // Quoted or not: grammY writes `filename=surat.pdf`, browsers write `filename="surat.pdf"`.
      const fm = /filename=(?:"([^"]*)"|([^;\r\n]+))/.exec(headers);
      const filename = fm ? (fm[1] ?? fm[2]!) : undefined;
      if (name) out[name] = filename !== undefined ? { filename, bytes: Buffer.from(content) } : content.toString("utf8");
      start = next;
    }
    // attach://name references
    for (const [k, v] of Object.entries(out)) {
      if (typeof v === "string" && v.startsWith("attach://")) out[k] = out[v.slice(9)];
      else if (typeof v === "string" && /^[[{]/.test(v)) {
        try {
          out[k] = JSON.parse(v);
        } catch {
          /* plain text */
        }
      }
    }
    return out;
  }

  const ok = (res: ServerResponse, result: unknown) => json(res, 200, { ok: true, result });
  const fail = (res: ServerResponse, code: number, description: string, parameters?: Record<string, unknown>) =>
    json(res, code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });
  function json(res: ServerResponse, status: number, body: unknown): void {
    const data = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(data) });
    res.end(data);
  }

  function record(method: string, p: Record<string, unknown>, extra: Partial<SentMessage> = {}): SentMessage {
    const m: SentMessage = {
      method,
      chat_id: p.chat_id as number,
      ...(typeof p.text === "string" ? { text: p.text } : {}),
      ...(typeof p.parse_mode === "string" ? { parse_mode: p.parse_mode } : {}),
      ...(p.reply_markup ? { reply_markup: (typeof p.reply_markup === "string" ? JSON.parse(p.reply_markup) : p.reply_markup) as SentMessage["reply_markup"] } : {}),
      ...(p.message_thread_id ? { message_thread_id: Number(p.message_thread_id) } : {}),
      message_id: messageId++,
      ...extra,
    };
    sent.push(m);
    notify(sentWaiters);
    return m;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      if (fileMatch[1] !== token) return fail(res, 401, "Unauthorized");
      const f = [...files.values()].find((x) => x.path === decodeURIComponent(fileMatch[2]!));
      if (!f) return fail(res, 404, "Not Found");
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": f.bytes.length });
      res.end(f.bytes);
      return;
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!m) return fail(res, 404, "Not Found");
    if (m[1] !== token) return fail(res, 401, "Unauthorized");
    const method = m[2]!;
    const p = parsePayload(req, await readBody(req));
    calls.push({ method, payload: p });
    const f = failures.get(method);
    if (f && f.times > 0) {
      f.times--;
      if (f.status) return fail(res, f.status, f.description ?? "Bad Request", f.parameters);
      return fail(res, 429, `Too Many Requests: retry after ${f.retryAfter}`, { retry_after: f.retryAfter });
    }
    const refused = /^send(?!ChatAction)/.test(method) ? refusedChats.get(Number(p.chat_id)) : undefined;
    if (refused) return fail(res, refused.status, refused.description);
    if (/^send/.test(method) && p.message_thread_id && deletedThreads.has(Number(p.message_thread_id))) return fail(res, 400, "Bad Request: message thread not found");
    switch (method) {
      case "getMe":
        return ok(res, BOT);
      case "getUpdates": {
        const offset = Number(p.offset ?? 0);
        if (offset > confirmed) confirmed = offset;
        // As the Bot API: the list a call gives is kept for later calls; without one ever given,
        // everything but chat_member, message_reaction and message_reaction_count. Others are dropped.
        if (Array.isArray(p.allowed_updates)) allowedUpdates = p.allowed_updates as string[];
        const allowed = (u: Record<string, unknown>) => {
          const kind = Object.keys(u).find((k) => k !== "update_id") ?? "";
          return allowedUpdates.length ? allowedUpdates.includes(kind) : !NOT_BY_DEFAULT.has(kind);
        };
        const pending = () => updates.filter((u) => (u.update_id as number) >= confirmed && allowed(u));
        if (!pending().length && Number(p.timeout ?? 0) > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(Number(p.timeout) * 1000, 1000));
            waiters.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        return ok(res, pending().slice(0, Number(p.limit ?? 100)));
      }
      case "sendMessage": {
        const text = String(p.text ?? "");
        if (!text) return fail(res, 400, "Bad Request: message text is empty");
        let shown: { text: string; entities: { type: string; text: string }[] } | undefined;
        if (p.parse_mode !== undefined) {
          if (p.parse_mode !== "HTML") return fail(res, 400, `Bad Request: unsupported parse_mode ${String(p.parse_mode)} (the emulator parses HTML only)`);
          const parsed = parseTelegramHtml(text);
          if ("error" in parsed) return fail(res, 400, parsed.error);
          if (!parsed.text.trim()) return fail(res, 400, "Bad Request: message text is empty");
          shown = parsed;
        }
        if ((shown?.text ?? text).length > 4096) return fail(res, 400, "Bad Request: message is too long");
        const s = record(method, p, shown ? { rendered: shown.text, entities: shown.entities } : {});
        return ok(res, { message_id: s.message_id, date: now(), chat: chat(Number(p.chat_id)), text });
      }
      case "sendDocument": {
        const doc = p.document as { filename: string; bytes: Buffer } | string | undefined;
        const s = record(method, p, typeof doc === "object" ? { document: doc } : {});
        return ok(res, { message_id: s.message_id, date: now(), chat: chat(Number(p.chat_id)), document: { file_id: "sent", file_unique_id: "sent" } });
      }
      case "getFile": {
        const f2 = files.get(String(p.file_id));
        if (!f2) return fail(res, 400, "Bad Request: invalid file_id");
        return ok(res, { file_id: p.file_id, file_unique_id: `u${p.file_id}`, file_size: f2.bytes.length, file_path: f2.path });
      }
      case "getChat": {
        const id = Number(p.chat_id);
        const set = chats.get(id);
        if (set && "status" in set) return fail(res, set.status, set.description);
        if (refusedChats.has(id)) return fail(res, refusedChats.get(id)!.status, refusedChats.get(id)!.description);
        if (set) return ok(res, { id, title: "Staf", ...set });
        return ok(res, id < 0 ? { id, type: "supergroup", title: "Staf", is_forum: true } : { id, type: "private", first_name: "Warga" });
      }
      case "getChatMember": {
        const id = Number(p.chat_id);
        const set = chats.get(id);
        if (set && "status" in set) return fail(res, set.status, set.description);
        if (Number(p.user_id) !== BOT.id) return fail(res, 400, "Bad Request: user not found");
        const member = botMembers.get(id) ?? { status: "administrator", can_be_edited: false, can_manage_chat: true, can_delete_messages: true, can_manage_video_chats: false, can_restrict_members: true, can_promote_members: false, can_change_info: true, can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false, is_anonymous: false, can_manage_topics: true, can_pin_messages: true };
        return ok(res, { user: BOT, ...member });
      }
      case "createForumTopic": {
        // A chat set to fail (setChat with a status) refuses topics and the commands menu as getChat.
        const set = chats.get(Number(p.chat_id));
        if (set && "status" in set) return fail(res, set.status, set.description);
        const id = messageId++;
        return ok(res, { message_thread_id: id, name: p.name, icon_color: 7322096 });
      }
      case "setMyCommands": {
        const scope = p.scope as { chat_id?: number | string } | undefined;
        const set = scope?.chat_id !== undefined ? chats.get(Number(scope.chat_id)) : undefined;
        if (set && "status" in set) return fail(res, set.status, set.description);
        return ok(res, true);
      }
      case "answerCallbackQuery":
      case "editMessageReplyMarkup":
      case "deleteWebhook":
      case "setWebhook":
      case "sendChatAction":
      case "closeForumTopic":
      case "deleteForumTopic":
      case "reopenForumTopic":
      case "editForumTopic":
        return ok(res, true);
      default:
        return fail(res, 404, `Not Found: method ${method} is not emulated`);
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => fail(res, 500, `emulator error: ${err.message}`));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    sent,
    sentTo: (chatId) => sent.filter((s) => Number(s.chat_id) === chatId),
    pushUpdate,
    text: (chatId, text, opts) => message(chatId, { text, ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] } : {}) }, opts),
    tap: (chatId, data, msgId) =>
      pushUpdate({
        callback_query: {
          id: `cb${updateId}`,
          from: user(chatId),
          chat_instance: "ci",
          data,
          message: { message_id: msgId ?? 1, date: now(), chat: chat(chatId), from: BOT, text: "…" },
        },
      }),
    document: (chatId, bytes, fileName, mimeType, opts) => {
      const id = addFile(bytes, fileName.split(".").pop() ?? "bin");
      return message(chatId, { document: { file_id: id, file_unique_id: `u${id}`, file_name: fileName, mime_type: mimeType, file_size: opts?.declaredSize ?? bytes.length } });
    },
    photo: (chatId, bytes) => {
      const small = addFile(bytes.subarray(0, Math.max(1, bytes.length >> 1)), "jpg");
      const big = addFile(bytes, "jpg");
      return message(chatId, {
        photo: [
          { file_id: small, file_unique_id: `u${small}`, width: 90, height: 90, file_size: bytes.length >> 1 },
          { file_id: big, file_unique_id: `u${big}`, width: 1280, height: 1280, file_size: bytes.length },
        ],
      });
    },
    other: (chatId, kind) => {
      const extra: Record<string, Record<string, unknown>> = {
        sticker: { sticker: { file_id: "s1", file_unique_id: "s1", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } },
        voice: { voice: { file_id: "v1", file_unique_id: "v1", duration: 3 } },
        video_note: { video_note: { file_id: "vn", file_unique_id: "vn", length: 240, duration: 3 } },
        location: { location: { latitude: -6.7, longitude: 111.3 } },
        contact: { contact: { phone_number: "+6281234567890", first_name: "Ani" } },
      };
      return message(chatId, extra[kind]!);
    },
    failWith429: (method, times, retryAfter) => failures.set(method, { times, retryAfter }),
    failWith: (method, times, status, description, parameters) => failures.set(method, { times, status, description, ...(parameters ? { parameters } : {}) }),
    refuseChat: (chatId, status, description) => void refusedChats.set(chatId, { status, description }),
    deleteThread: (threadId) => void deletedThreads.add(threadId),
    setChat: (chatId, answer) => void chats.set(chatId, answer),
    setBotMember: (chatId, member) => void botMembers.set(chatId, member),
    async waitForSent(chatId, n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (sent.filter((s) => Number(s.chat_id) === chatId).length < n) {
        if (Date.now() > deadline) throw new Error(`bot sent ${sent.filter((s) => Number(s.chat_id) === chatId).length} messages to ${chatId}, expected ${n}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, 200);
          sentWaiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
      return sent.filter((s) => Number(s.chat_id) === chatId);
    },
    close: () =>
      new Promise<void>((r) => {
        notify(waiters);
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
