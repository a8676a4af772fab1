import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { z } from "zod";
import type { Outbound } from "../../domain/message.js";
import type { TranscriptEntry } from "../../domain/records.js";
import { conversationTopic, STAFF_TOPIC, type ChannelAdapter, type Runtime, type StaffEvent } from "../../runtime/port.js";
import { addressKey, openEventStream } from "../../http.js";
import { keyedDigest } from "../../log.js";
import { createWindowLimiter } from "../../runtime/ratelimit.js";
import type { Messages } from "../../text/messages.js";
import type { Bus, Store } from "../../store/port.js";

/**
 * The web channel: the HTTP API of DESIGN.md that the chat page, tests and benchmarks use.
 * Public ids are UUIDs; the conversation id inside Loket is `web:<uuid>`. Each conversation
 * has its own bearer token; only its sha256 is stored.
 */
export interface WebChannelDeps {
  runtime: Runtime;
  store: Store;
  bus: Bus;
  logger: Logger;
  uploadMaxBytes: number;
  /** MESSAGE_MAX_CHARS, told to the page so its text box holds as much as Loket takes. */
  messageMaxChars?: number;
  newId?: () => string;
  /**
   * WEB_CONVERSATIONS_PER_MINUTE: new conversations one address may open a minute (on Redis,
   * across all instances); 0 or unset, no limit.
   */
  conversationsPerMinute?: number;
  /**
   * WEB_UPLOAD_MB_PER_HOUR: megabytes of documents one address may upload an hour (on Redis,
   * across all instances); 0 or unset, no limit.
   */
  uploadMbPerHour?: number;
  /**
   * Event streams this instance holds open at once: per client address (WEB_STREAMS_PER_ADDRESS)
   * and in all (WEB_STREAMS_MAX). Each holds a socket, a file descriptor and a timer for as long
   * as the client likes.
   */
  streams?: { perAddress: number; max: number };
  /** Indonesian wording, for what is said before a conversation exists. */
  messages: Messages;
  now?: () => Date;
}

const MessageBody = z.union([
  z.object({ text: z.string().min(1, "text must not be empty"), messageId: z.string().max(100).optional(), opening: z.literal(true).optional() }).strict(),
  z.object({ choice: z.string().min(1).max(200), messageId: z.string().max(100).optional() }).strict(),
]);
const Id = z.string().uuid();
type MessageBodyOf = z.infer<typeof MessageBody>;

/**
 * The bodies MessageBody accepts in their usual shapes, checked by hand (what the page sends for
 * every message; zod's union of two strict objects was ~2% of a web message's CPU). Anything
 * else, or a body that fails, goes to MessageBody for its verdict and its error details.
 */
function plainMessageBody(body: unknown): MessageBodyOf | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const b = body as { text?: unknown; choice?: unknown; messageId?: unknown; opening?: unknown };
  let keys = 0;
  for (const k in b) if (Object.hasOwn(b, k)) keys++;
  const { text, choice, messageId, opening } = b;
  if (messageId !== undefined && !(typeof messageId === "string" && messageId.length <= 100)) return undefined;
  if (opening !== undefined && !(opening === true && typeof text === "string")) return undefined;
  if (keys !== 1 + (messageId === undefined ? 0 : 1) + (opening === undefined ? 0 : 1)) return undefined;
  const id = messageId === undefined ? {} : { messageId };
  if (typeof text === "string" && text.length >= 1) return { text, ...id, ...(opening ? { opening: true as const } : {}) };
  if (typeof choice === "string" && choice.length >= 1 && choice.length <= 200) return { choice, ...id };
  return undefined;
}

/** How many transcript lines a page opened again shows. */
const HISTORY_MAX = 100;

/** A line of the history a page opened again shows; the pending question has its buttons and input kind. */
type HistoryLine = { at: string; from: "citizen" | "bot" | "staff"; text: string; notice?: true } & Pick<Outbound, "choices" | "expects" | "lang">;

/** A transcript line as the citizen saw it: their own messages as they sent them (a tapped choice by its text, a file by its name). */
function citizenView(l: TranscriptEntry, opened: string): HistoryLine {
  // The page's own opening, written for staff as what it is: the citizen's page shows what it sent.
  if (l.from === "citizen" && l.text === opened) return { at: l.at, from: "citizen", text: "halo" };
  // Loket's own notices (a status change, a case taken or closed) come as "staff", marked `notice`:
  // the page gives them their own look, not a staff member's.
  if (l.from !== "citizen") return { at: l.at, from: l.from === "bot" ? "bot" : "staff", text: l.text, ...(l.from === "system" ? { notice: true as const } : {}), ...(l.lang ? { lang: l.lang } : {}) };
  const text = l.text
    .replace(/^\[pilihan\] /, "")
    .replace(/^\[dokumen(?: tidak disimpan)?\] /, "📎 ")
    .replace(/^\[dokumen ditolak: [^\]]*\]/, "📎 (dokumen)");
  return { at: l.at, from: "citizen", text };
}

/** Form fields an upload may carry besides its file (the page sends one, `messageId`), and their size each. */
const UPLOAD_FIELDS_MAX = 4;
const UPLOAD_FIELD_BYTES_MAX = 1024;

/**
 * Whether two texts are equal, in a time that depends on their length only, not on where they
 * differ (what timingSafeEqual gives for buffers): a remembered token is checked this way on every
 * message without copying both into Buffers (perf29: ~1% of a web message's CPU). Lengths are not
 * secret (every token is 32 characters).
 */
export function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** How many verified conversation tokens each instance remembers. */
const VERIFIED_MAX = 50_000;

/**
 * The size of an upload's file that was not read to its end (over the limit), from the request's
 * Content-Length less the multipart framing around the file as a browser writes it (the boundary
 * lines, each field before the file, the file's own headers): within a few bytes of the file, so
 * the refusal can say "3,4 MB; maksimal 2 MB" as other channels do. Undefined without a
 * Content-Length (a chunked upload) or a boundary: the size is then unknown, and not made up.
 */
export function declaredFileSize(
  headers: { "content-length"?: string | undefined; "content-type"?: string | undefined },
  part: { fieldname: string; filename: string; mimetype: string; fields: Record<string, unknown> },
): number | undefined {
  const length = Number(headers["content-length"]);
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(headers["content-type"] ?? "");
  if (!Number.isSafeInteger(length) || length <= 0 || !boundary) return undefined;
  const b = boundary[1] ?? boundary[2]!;
  let framing = 0;
  for (const [name, value] of Object.entries(part.fields)) {
    for (const f of Array.isArray(value) ? value : [value]) {
      const field = f as { type?: string; value?: unknown };
      if (field.type !== "field") continue;
      framing += Buffer.byteLength(`--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(field.value)}\r\n`);
    }
  }
  framing += Buffer.byteLength(`--${b}\r\nContent-Disposition: form-data; name="${part.fieldname}"; filename="${part.filename}"\r\nContent-Type: ${part.mimetype}\r\n\r\n`);
  framing += Buffer.byteLength(`\r\n--${b}--\r\n`);
  const size = length - framing;
  return size > 0 ? size : undefined;
}

export const webConversationId = (publicId: string): string => `web:${publicId}`;
const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** How long a stream ticket opens the event stream (also its browser's automatic reconnections). */
const TICKET_TTL_MS = 120_000;
/**
 * A stream ticket: what the event stream's URL carries instead of the conversation's token (an
 * EventSource cannot send a header, and URLs end up in proxies' access logs). `expiry.mac`, the
 * MAC keyed with the token's stored hash, so any instance checks it with the record it already
 * reads, and nothing is stored per ticket. It opens only that conversation's live events, and
 * only until it expires: a URL read from a log no longer gives the history or the right to write.
 */
const ticketMac = (tokenHashHex: string, conversationId: string, expiry: number): string =>
  createHmac("sha256", Buffer.from(tokenHashHex, "hex")).update(`events:${conversationId}:${expiry}`).digest("base64url");

/**
 * The adapter pushes through the bus, so the instance holding the citizen's SSE stream delivers it.
 * Each event says who sent it as the history does: "bot", or "staff" (a staff member, or Loket's
 * notice of a status change or of a case taken, then also `notice: true`).
 */
export function createWebAdapter(bus: Bus): ChannelAdapter {
  return {
    name: "web",
    async send(conversationId, _address, replies, from) {
      for (const r of replies) await bus.publish(conversationTopic(conversationId), { ...r, from: from === "bot" ? "bot" : "staff", ...(from === "system" ? { notice: true } : {}) });
    },
  };
}

export function registerWebChannel(app: FastifyInstance, deps: WebChannelDeps): void {
  const { runtime, store, bus } = deps;
  const newId = deps.newId ?? randomUUID;
  const now = deps.now ?? (() => new Date());
  // The token as text: a Buffer of it held ~100 B of heap and kept a whole 8 KB slab of Node's
  // buffer pool from being freed (~400 B a conversation outside the heap, bench/heap.ts).
  const verified = new Map<string, string>();
  // An erased conversation's token stops working on every instance (its record is gone too).
  bus.subscribe(STAFF_TOPIC, (payload) => {
    const e = payload as StaffEvent;
    if (e.type === "conversation_erased") verified.delete(e.conversationId);
  });
  // An erasure announced while this instance's bus connection was away never arrived here: every
  // token is checked against the store again.
  bus.onGap?.(() => verified.clear());

  /**
   * The event stream's `?ticket=` (see ticketMac): the conversation id when it is this
   * conversation's and not expired; 403 otherwise (an expired one too: the page asks for another).
   */
  async function authorizeTicket(req: FastifyRequest, reply: FastifyReply, ticket: string): Promise<string | undefined> {
    const id = Id.safeParse((req.params as { id?: string }).id);
    const [exp, mac] = ticket.split(".");
    const expiry = Number(exp);
    const key = id.success ? webConversationId(id.data) : "";
    const storedHex = id.success && Number.isSafeInteger(expiry) && expiry > now().getTime() && mac ? (await store.get<{ hash: string }>("web_tokens", key))?.hash : undefined;
    const expected = storedHex ? Buffer.from(ticketMac(storedHex, key, expiry)) : undefined;
    const given = Buffer.from(mac ?? "");
    if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      await reply.code(403).send({ error: "this stream ticket is not valid (expired, or not this conversation's): ask for another" });
      return undefined;
    }
    return key;
  }

  /** 401 without a token, 403 with a wrong one (also for unknown ids: existence is not revealed). */
  async function authorize(req: FastifyRequest, reply: FastifyReply): Promise<string | undefined> {
    const params = req.params as { id?: string };
    const header = req.headers.authorization;
    const query = (req.query as { token?: unknown } | undefined)?.token;
    const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : typeof query === "string" ? query : undefined;
    if (!token) {
      await reply.code(401).send({ error: "missing bearer token" });
      return undefined;
    }
    // Tokens never change: one verified against the store is remembered (in memory only), so the
    // next messages skip the store round trip and the hashing; still compared in constant time.
    // Only ids that passed Id are remembered, so one found there needs no second check.
    const knownKey = typeof params.id === "string" ? webConversationId(params.id) : "";
    const known = verified.get(knownKey);
    if (known !== undefined && sameText(known, token)) return knownKey;
    const id = Id.safeParse(params.id);
    const key = id.success ? webConversationId(id.data) : "";
    const storedHex = id.success ? (await store.get<{ hash: string }>("web_tokens", key))?.hash : undefined;
    if (!id.success || !storedHex || !timingSafeEqual(Buffer.from(hashToken(token), "hex"), Buffer.from(storedHex, "hex"))) {
      await reply.code(403).send({ error: "this token does not belong to this conversation" });
      return undefined;
    }
    if (!verified.has(key) && verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(key, token);
    return key;
  }

  /**
   * A message Loket did not take is not answered 200 (the page would show it as sent): 429 when
   * too many came at once (the notice in `replies`, possibly none), 503 when the store was
   * unreachable (nothing stored: the page sends it again with the same id).
   */
  const answer = (reply: FastifyReply, replies: Outbound[]) => {
    const why = runtime.refusal(replies);
    if (why === "rate_limited") return reply.code(429).header("retry-after", String(Math.max(1, Math.ceil((runtime.retryAfterMs(replies) ?? 1000) / 1000)))).send({ replies });
    if (why === "unavailable") return reply.code(503).header("retry-after", "2").send({ replies });
    return { replies };
  };

  // Each conversation is a token record, and with one message a state and a transcript kept for
  // RETENTION_DAYS: without a limit one script opened ~1,900 a second.
  const opening = deps.conversationsPerMinute
    ? createWindowLimiter({ store, name: "web-open", limit: deps.conversationsPerMinute, windowMs: 60_000, ...(deps.now ? { now: () => deps.now!().getTime() } : {}) })
    : undefined;

  // Documents are kept on disk (during a handoff every one, for staff): without a limit one
  // client filled it as fast as its connection allowed, a conversation 10 MB a second.
  const uploading = deps.uploadMbPerHour
    ? createWindowLimiter({ store, name: "web-upload-bytes", limit: deps.uploadMbPerHour * 1024 * 1024, windowMs: 3_600_000, ...(deps.now ? { now: () => deps.now!().getTime() } : {}) })
    : undefined;

  // Nothing the conversation's API answers is kept by the browser: its history (a NIK, an address)
  // would stay on a shared computer's disk after "Selesai", and going back with ← would draw the
  // history as it was when last loaded (Chromium takes a back navigation's requests from its cache).
  app.addHook("onRequest", (req, reply, done) => {
    if (req.url.startsWith("/api/conversations")) void reply.header("cache-control", "no-store");
    done();
  });
  app.post("/api/conversations", async (req, reply) => {
    // The address is kept only as a keyed hash, and only for the counter's two minutes.
    const wait = opening ? await opening.take(keyedDigest(addressKey(req.ip))) : 0;
    if (wait > 0) {
      const text = deps.messages.t("web.too_many_conversations");
      return reply
        .code(429)
        .header("retry-after", String(Math.ceil(wait / 1000)))
        .send({ error: "too many new conversations from this address; try again later", code: "rate_limited", replies: [{ type: "text", text }] });
    }
    const publicId = newId();
    const token = randomBytes(24).toString("base64url");
    const conversationId = webConversationId(publicId);
    // The conversation's id in the record too: the retention sweep drops tokens never used.
    await store.put("web_tokens", conversationId, { hash: hashToken(token), createdAt: new Date().toISOString(), conversationId });
    // The upload limit lets the page refuse a file too big before a long upload on a weak connection.
    return reply.code(201).send({ conversationId: publicId, token, uploadMaxBytes: deps.uploadMaxBytes, ...(deps.messageMaxChars ? { messageMaxChars: deps.messageMaxChars } : {}) });
  });

  app.post("/api/conversations/:id/messages", async (req, reply) => {
    const conversationId = await authorize(req, reply);
    if (!conversationId) return;
    const plain = plainMessageBody(req.body);
    const body = plain ? undefined : MessageBody.safeParse(req.body);
    if (body && !body.success) {
      return reply.code(400).send({ error: "body must be { text } or { choice }", details: body.error.issues.map((i) => i.message) });
    }
    const b = plain ?? body!.data!;
    const replies = await runtime.handle({
      channel: "web",
      conversationId,
      ...("text" in b ? { text: b.text, ...(b.opening ? { opening: true as const } : {}) } : { choice: b.choice }),
      ...(b.messageId ? { messageId: b.messageId } : {}),
    });
    return answer(reply, replies);
  });

  app.post("/api/conversations/:id/uploads", async (req, reply) => {
    const conversationId = await authorize(req, reply);
    if (!conversationId) return;
    if (!req.isMultipart()) return reply.code(400).send({ error: "send one file as multipart/form-data" });
    // A request whose body is not read to its end (refused by a limit, or a second file left
    // unread) would hold its connection until Node's request timeout, and keep Loket from stopping
    // meanwhile: such a connection is closed once answered.
    const closeUnread = () => {
      if (!req.raw.complete) void reply.header("connection", "close");
    };
    let part: Awaited<ReturnType<typeof req.file>>;
    let bytes: Buffer | null | undefined;
    try {
      // Fields before the file are held in memory whole: only the page's one short `messageId` is
      // expected, so a few short ones are allowed (busboy's defaults were 1,000 parts of 1 MB each).
      part = await req.file({ limits: { fileSize: deps.uploadMaxBytes, files: 1, fields: UPLOAD_FIELDS_MAX, fieldSize: UPLOAD_FIELD_BYTES_MAX, parts: UPLOAD_FIELDS_MAX + 1 } });
      if (!part) {
        closeUnread();
        return reply.code(400).send({ error: "no file in the request" });
      }
      bytes = await part.toBuffer().catch((err: { code?: string }) => {
        if (err.code === "FST_REQ_FILE_TOO_LARGE") return null;
        // The citizen cancelled (the page's ✕) or lost the connection half-way: nobody to answer,
        // nothing filed, and no server error for the operator's log.
        if (err.code === "ERR_STREAM_PREMATURE_CLOSE") return undefined;
        throw err;
      });
      if (bytes === undefined) {
        closeUnread();
        return reply.code(400).send({ error: "the upload was cut off before its end" });
      }
    } catch (err) {
      closeUnread();
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 413) return reply.code(413).send({ error: "send one file, with at most a few short fields before it" });
      throw err;
    }
    // An optional `messageId` field before the file: a page retrying an upload whose answer it lost.
    const idField = part.fields.messageId;
    const idValue = idField && !Array.isArray(idField) && idField.type === "field" ? idField.value : undefined;
    const messageId = typeof idValue === "string" && idValue.length > 0 && idValue.length <= 100 ? { messageId: idValue } : {};
    const wait = uploading && bytes ? await uploading.take(keyedDigest(addressKey(req.ip)), bytes.length) : 0;
    if (wait > 0) {
      closeUnread();
      return reply
        .code(429)
        .header("retry-after", String(Math.ceil(wait / 1000)))
        .send({ error: "too many document bytes from this address this hour; try again later", code: "rate_limited", replies: [{ type: "text", text: deps.messages.t("web.too_many_uploads") }] });
    }
    const replies: Outbound[] = await runtime.handle(
      bytes === null || part.file.truncated
        ? { channel: "web", conversationId, oversizedFile: { size: declaredFileSize(req.headers, part) ?? deps.uploadMaxBytes + 1 }, ...messageId }
        : { channel: "web", conversationId, file: { bytes, filename: part.filename }, ...messageId },
    );
    closeUnread();
    return answer(reply, replies);
  });

  // ✕ on a document on its way. The page's abort alone cannot say whether Loket filed it: on a
  // slow or loaded phone the last byte can reach Loket (and the document be filed) before the page
  // hears that it left. So the page asks here, with the upload's message id: under the
  // conversation's lock the id is marked as taken unless it was already. Marked now: the upload,
  // if it arrives after all, is a duplicate and filed nowhere. Taken before: it was filed, and the
  // page shows the conversation as it is (the document and its answer).
  app.delete("/api/conversations/:id/uploads/:messageId", async (req, reply) => {
    const conversationId = await authorize(req, reply);
    if (!conversationId) return;
    // At most 100 characters, as an upload's `messageId` (longer: 414, the router's parameter limit).
    const { messageId } = req.params as { messageId: string };
    // Each ✕ writes a mark to the store: counted as a message of the conversation, so a script
    // cannot write marks as fast as its connection allows (the page's abort stands either way).
    const wait = runtime.throttle(conversationId);
    if (wait !== undefined) return reply.code(429).header("retry-after", String(Math.ceil(wait / 1000))).send({ error: "too many requests for this conversation; try again later", code: "rate_limited" });
    const out = await runtime.mutate(conversationId, () => ({}), { dedupeKey: `web:${messageId}` });
    return { cancelled: !out.duplicate };
  });

  // What the citizen saw, for a page opened again (a reload, another tab, back after closing it):
  // staff replies and status notices sent while no page was open are in it too.
  app.get("/api/conversations/:id/history", async (req, reply) => {
    const conversationId = await authorize(req, reply);
    if (!conversationId) return;
    const kept = (await store.transcript(conversationId)).filter((l) => !l.internal).slice(-HISTORY_MAX);
    const opened = deps.messages.t("staff_notice.web_opened");
    const lines: HistoryLine[] = kept.map((l) => citizenView(l, opened));
    // The question still waiting for an answer comes with its buttons and input kind, as it was sent.
    const asking = await pendingQuestion(conversationId, kept);
    if (asking !== undefined) {
      const q = kept[asking]!;
      lines[asking] = { ...lines[asking]!, ...(q.choices ? { choices: q.choices } : {}), ...(q.expects ? { expects: q.expects } : {}) };
    }
    // The limits too: a page kept from before an upgrade, or from before the operator changed them,
    // learns them again.
    return { lines, uploadMaxBytes: deps.uploadMaxBytes, ...(deps.messageMaxChars ? { messageMaxChars: deps.messageMaxChars } : {}) };
  });

  /**
   * The index of the last bot question in `lines` when it is still the one the conversation waits
   * for: nothing the citizen sent came after it, no staff member holds the conversation, and the
   * engine expects that field.
   */
  async function pendingQuestion(conversationId: string, lines: TranscriptEntry[]): Promise<number | undefined> {
    let i = lines.length - 1;
    while (i >= 0 && lines[i]!.from !== "citizen" && !(lines[i]!.from === "bot" && lines[i]!.expects)) i--;
    if (i < 0 || lines[i]!.from === "citizen") return undefined;
    const expects = lines[i]!.expects!;
    const state = await store.peekState(conversationId);
    const waiting = state && !state.handoff ? state.engine.expecting : undefined;
    return waiting && waiting.field === expects.field && waiting.kind === expects.kind ? i : undefined;
  }

  /** Open event streams per client address, and in all (this instance). */
  const streamsOf = new Map<string, number>();
  let streamsOpen = 0;
  // A ticket for the event stream's URL, so the token itself is never in a URL (see ticketMac).
  app.post("/api/conversations/:id/stream-ticket", async (req, reply) => {
    const conversationId = await authorize(req, reply);
    if (!conversationId) return;
    const expiry = now().getTime() + TICKET_TTL_MS;
    const header = req.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : String((req.query as { token?: unknown }).token);
    return { ticket: `${expiry}.${ticketMac(hashToken(token), conversationId, expiry)}` };
  });

  app.get("/api/conversations/:id/events", async (req, reply) => {
    const ticket = (req.query as { ticket?: unknown } | undefined)?.ticket;
    const conversationId = typeof ticket === "string" && !req.headers.authorization ? await authorizeTicket(req, reply, ticket) : await authorize(req, reply);
    if (!conversationId) return;
    const address = addressKey(req.ip);
    const limits = deps.streams;
    if (limits && (streamsOpen >= limits.max || (streamsOf.get(address) ?? 0) >= limits.perAddress)) {
      // The page opens its stream again later (EventSource gives up on an answer other than 200);
      // meanwhile replies still come with each message, and the history brings staff's.
      return reply.code(429).header("retry-after", "30").send({ error: "too many open event streams; try again later", code: "rate_limited" });
    }
    streamsOpen++;
    streamsOf.set(address, (streamsOf.get(address) ?? 0) + 1);
    req.raw.once("close", () => {
      streamsOpen--;
      const n = (streamsOf.get(address) ?? 1) - 1;
      if (n > 0) streamsOf.set(address, n);
      else streamsOf.delete(address);
    });
    openEventStream(req, reply, { cacheControl: "no-cache, no-transform", subscribe: (send) => bus.subscribe(conversationTopic(conversationId), send) });
  });
}
