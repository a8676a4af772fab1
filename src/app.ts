import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join, relative } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Config } from "./config.js";
import { FileValidationError, StoreError, unreadableFileHint, type FileIssue } from "./errors.js";
import { createWebAdapter, registerWebChannel } from "./channels/web/routes.js";
import { allPageTexts } from "./channels/web/page-texts.js";
import { createEngine } from "./engine/index.js";
import { applicantFieldIds, applicationFields, checkMessages } from "./engine/flows/load.js";
import { createUnderstander } from "./engine/understand/index.js";
import { createLanguageGuess, namesOf } from "./engine/understand/language.js";
import type { Understander } from "./engine/understand/types.js";
import { createHttp, type HealthProbe } from "./http.js";
import { applicantFieldLabels, registerStaff } from "./staff/index.js";
import type { ModelStatus } from "./staff/http.js";
import type { StaffOps } from "./staff/ops.js";
import { keepStems, loadKnowledgeCached } from "./knowledge/cache.js";
import { createKnowledgeReloads, type KnowledgeReloadAnswer, type KnowledgeReloadResult } from "./knowledge/reload.js";
import { permitFieldClashes } from "./knowledge/load.js";
import type { FormField, KnowledgeBase } from "./knowledge/types.js";
import { createLogger, type Logger, useLogIdKey } from "./log.js";
import type { Runtime } from "./runtime/port.js";
import { startRetention } from "./runtime/retention.js";
import { backfillApplicationIndex } from "./runtime/applications.js";
import { backfillRecentCases, withRecentCases } from "./store/recent-cases.js";
import { createRuntime, live, type KnowledgeGeneration, type ModelHelp } from "./runtime/runtime.js";
import { createFileStore } from "./store/files.js";
import { createMemoryBus, createRedisBus } from "./store/bus.js";
import { createTelegramKeeper } from "./channels/telegram/pending.js";
import { redisStoreOptions, sqliteStoreOptions, sqlitePath } from "./store/configured.js";
import { createRedisStore, redisOptions } from "./store/redis.js";
import { lockDataDir } from "./store/instance-lock.js";
import { checkSharedUploads } from "./store/shared-uploads.js";
import { readMoveMark } from "./store/move.js";
import { createSqliteStore, openSqlite } from "./store/sqlite.js";
import type { Bus, FileStore, Store } from "./store/port.js";
import { commentWarnings } from "./text/comments.js";
import { unreadFolders } from "./text/unread-folders.js";
import { whatsAppBatch } from "./channels/whatsapp/format.js";
import { createWhatsAppKeeper } from "./channels/whatsapp/journal.js";
import { cachedMessageCheck, readTexts, type TextsRead } from "./text/check-cache.js";
import { languageFolderIssues, type Messages } from "./text/messages.js";
import type { Flows } from "./engine/flows/schema.js";
import { loadTextsCached } from "./text/texts-cache.js";
import { BOT_API_DOWNLOAD_MAX_BYTES } from "./domain/upload.js";
import { within } from "./domain/within.js";
import { jakartaDate } from "./domain/hours.js";

/** flows/ and messages/ as read: replaced together with the knowledge by a reload. */
interface Texts {
  flows: Flows;
  messages: Map<string, Messages>;
  /** Their files as read once for this start or reload (src/text/check-cache.ts): every digest of them is made from it. */
  read: Promise<TextsRead>;
}

/** What the staff console shows of the flows and messages in use (a reload replaces it with them). */
interface StaffView {
  nameFields: readonly string[];
  fieldLabels: Record<string, string>;
}

/** Everything a running Loket is made of; main.ts, the console chat and tests build it here. */
export interface Loket {
  config: Config;
  logger: Logger;
  app: FastifyInstance;
  probes: Map<string, HealthProbe>;
  runtime: Runtime;
  store: Store;
  bus: Bus;
  files: FileStore;
  /** The knowledge base in use (a reload replaces it: read it again rather than keeping it). */
  readonly knowledge: KnowledgeBase;
  messages: Map<string, Messages>;
  readonly understander: Understander;
  /**
   * Builds what the first message would otherwise build (the understander's typo lookup, the
   * engine's phrase matchers) for the set in use: main.ts calls it just after start-up is answered.
   */
  warm(): void;
  /**
   * Reads knowledge/, flows/ and messages/ again in every instance (the console's button, SIGHUP):
   * each loads and checks its own files off to the side and swaps them in, together, only when all
   * pass; `by` is for the log.
   */
  reloadKnowledge(by: string): Promise<KnowledgeReloadAnswer>;
  /** The version id of the knowledge in use (the first 12 hex digits of its files' digest). */
  knowledgeVersion(): string;
  /**
   * Runs `fn` after each reload this instance took (not one it refused): what is set outside Loket
   * from the files (the Telegram command menu) is set again. Not awaited by the reload; a failure is logged.
   */
  onReload(fn: () => Promise<void> | void): void;
  /** Staff operations (console, Telegram staff group). */
  staff: StaffOps;
  /** Redis clients when on Redis (for channels that keep sessions there). */
  redis?: Redis;
  /**
   * A part to stop on close (a channel): all parts start stopping together when `close` is called,
   * each given until `STOP_PARTS_MS`; `name` is what the log calls one still stopping then.
   */
  onClose(fn: () => Promise<void> | void, name?: string): void;
  /**
   * Stops everything: the HTTP server (requests under way finish; main.ts cuts off those still
   * running after its grace), the channels and background jobs all at once, each bounded by
   * `STOP_PARTS_MS`; then the runtime, the Redis clients or DATA_DIR lock, the bus and the store.
   */
  close(): Promise<void>;
}

/**
 * How long the parts stopping together (HTTP, Telegram, WhatsApp, jobs) may take before the store
 * is closed anyway: Docker kills 10 s after its SIGTERM, and what is left (closing the store,
 * exiting) takes well under a second. A part still stopping then is logged by name and left.
 */
export const STOP_PARTS_MS = 8_000;

export interface BuildOptions {
  logger?: Logger;
  /** Injected adapters (tests): skip building them from config. */
  store?: Store;
  bus?: Bus;
  files?: FileStore;
  now?: () => Date;
  newId?: () => string;
  /** Messages folder (default ./messages). */
  messagesDir?: string;
  /** Idle-case sweeper period; false = none (tests call staff.sweepIdle()). */
  sweepEveryMs?: number | false;
}

/** The consent question's line on the model: its server named, or said to be the office's own. */
const modelDisclosure = (server: { host: string; local: boolean }) =>
  server.local ? "consent.via_model_local" : { key: "consent.via_model", vars: { model_host: server.host } };

/**
 * The composition root's core: reads knowledge, flows and messages (refusing broken files
 * with `file:line` messages), picks the store (Redis when REDIS_URL is set, else SQLite in
 * DATA_DIR), wires engine, runtime and the HTTP server with the web channel.
 */
export async function buildLoket(config: Config, opts: BuildOptions = {}): Promise<Loket> {
  const logger = opts.logger ?? createLogger({ level: config.LOG_LEVEL });
  useLogIdKey(config.DATA_DIR);
  /** Stopped together at close (channels, jobs). */
  const parts: { name: string; stop: () => Promise<void> | void }[] = [];
  /** Stopped after the parts, last registered first, before the bus and the store (the lock, Redis clients, the runtime). */
  const closers: (() => Promise<void> | void)[] = [];
  const knowledgeWarnings: FileIssue[] = [];
  const startVersion: { id?: string } = {};
  const textsAt = { cacheDir: join(config.DATA_DIR, "cache"), messagesDir: opts.messagesDir ?? "messages", flowsDir: config.FLOWS_DIR };
  // Messages and flows, like the knowledge, are read back from DATA_DIR/cache when no file changed
  // (src/text/texts-cache.ts). Their files are read once: the kept result's digest, the message
  // check's, the version's and the comment check all take them from this one read.
  const textsRead = readTexts(textsAt);
  const [knowledge, loaded, textsDigest] = await Promise.all([
    loadKnowledgeCached(config.KNOWLEDGE_DIR, join(config.DATA_DIR, "cache"), { warnings: knowledgeWarnings, version: startVersion }),
    loadTextsCached(textsAt, textsRead),
    // A folder missing or unreadable is said by loadTextsCached (the folder named in one line), not as this read's ENOENT.
    textsRead.then((r) => r.contentDigest, () => ""),
  ]);
  const texts: Texts = { ...loaded, read: textsRead };
  const { messages, flows } = texts;
  const flowsLabel = relative(process.cwd(), config.FLOWS_DIR);
  /**
   * What a knowledge base is checked against beside itself, at start-up and at a reload: a permit's
   * own question with the id of one the application flow asks everyone (clashes), and messages
   * whose placeholders name its fields (`npm run check` says both). The message check is done once
   * for the files as they are (src/text/check-cache.ts): a restart reads the result kept in DATA_DIR/cache.
   */
  const checkBeside = async (kb: KnowledgeBase, t: Texts): Promise<{ clashes: FileIssue[]; messageIssues: FileIssue[] }> => {
    const clashes = permitFieldClashes(kb.permits, applicationFields(t.flows, flowsLabel));
    if (clashes.length) return { clashes, messageIssues: [] };
    const permitFields = kb.permits.flatMap((p) => p.form.map((f) => f.id));
    const messageIssues = await cachedMessageCheck({ ...textsAt, permitFields, flowsLabel }, () => checkMessages(t.flows, t.messages, permitFields, flowsLabel), t.read);
    return { clashes, messageIssues };
  };
  // Start-up refuses what `npm run check` refuses: a citizen never reads a raw key or {placeholder}.
  const { clashes, messageIssues } = await checkBeside(knowledge, texts);
  if (clashes.length) throw new FileValidationError("KNOWLEDGE_INVALID", clashes);
  const messageErrors = messageIssues.filter((i) => !i.warning);
  if (messageErrors.length) throw new FileValidationError("MESSAGES_INVALID", messageErrors);
  // What `npm run check` warns of in knowledge/ (an alias listed twice for one permit, a text without English): start, and say it.
  for (const w of knowledgeWarnings) logger.warn({ file: w.file, line: w.line }, w.message);
  // A message missing in another language is said in Indonesian: start, and say so once.
  for (const w of messageIssues.filter((i) => i.warning)) logger.warn({ file: w.file, line: w.line }, w.message);
  // A language folder no recognised language uses (messages/EN), or a language without its folder.
  const messagesDir = opts.messagesDir ?? "messages";
  for (const w of await languageFolderIssues(messages.keys(), Object.keys(knowledge.language?.languages ?? {}), relative(process.cwd(), messagesDir), relative(process.cwd(), config.KNOWLEDGE_DIR))) {
    logger.warn({ file: w.file, line: w.line }, w.message);
  }
  // A folder inside flows/ or messages/<language>/ is not read: said, as one in knowledge/ is.
  for (const w of await unreadFolders(messagesDir, config.FLOWS_DIR)) logger.warn({ file: w.file, line: w.line }, w.message);
  // A text a " #" cuts short (`Loket #2`): said, not refused (the comment may be meant, and the file was valid before).
  // It reads every file again (~20-30 ms): said beside start-up, not waited for.
  const readText = (path: string) => textsRead.then((r) => r.readText(path), () => readFile(path, "utf8"));
  void commentWarnings({ knowledge: config.KNOWLEDGE_DIR, flows: config.FLOWS_DIR, messages: opts.messagesDir ?? "messages" }, process.cwd(), readText).then(
    (cut) => {
      for (const w of cut) logger.warn({ file: w.file, line: w.line }, w.message);
    },
    () => undefined,
  );
  if (config.REGISTRATION_PREFIX) knowledge.office.registrationPrefix = config.REGISTRATION_PREFIX;

  // Adapters handed in (tests) are closed by whoever made them; those built here are closed here.
  const ownStore = !opts.store;
  const ownBus = !opts.bus;
  let redis: Redis | undefined;
  let store: Store;
  let bus: Bus;
  if (config.REDIS_URL && (ownStore || ownBus)) {
    // ioredis is loaded only when Redis is configured (start-up on the embedded store is shorter).
    const { Redis } = await import("ioredis");
    const client = new Redis(config.REDIS_URL, redisOptions());
    const sub = new Redis(config.REDIS_URL, redisOptions());
    redis = client;
    let lastWarn = 0;
    let troubled = false;
    for (const c of [client, sub]) {
      c.on("error", (err: Error) => {
        troubled = true;
        // Reconnection is automatic; one line every 10 s is enough for the operator.
        if (Date.now() - lastWarn < 10_000) return;
        lastWarn = Date.now();
        // A wrong user or password never heals by retrying: said as what the operator must fix.
        if (/\b(?:WRONGPASS|NOAUTH|NOPERM)\b|invalid (?:username-)?password/i.test(err.message)) {
          logger.error({ err: { message: err.message } }, "redis refused the user or password of REDIS_URL (redis://user:password@host:6379): correct REDIS_URL or the Redis user; Loket keeps trying meanwhile");
        } else logger.warn({ err: { message: err.message } }, "redis connection problem; retrying");
      });
    }
    client.on("reconnecting", () => {
      troubled = true;
    });
    let uploadsChecked = false;
    client.on("ready", () => {
      if (!uploadsChecked) {
        uploadsChecked = true;
        checkSharedUploads(client, config.REDIS_KEY_PREFIX, config.DATA_DIR, logger).catch((err: Error) => logger.warn({ err: { message: err.message } }, "shared DATA_DIR not checked"));
        // A move from the embedded store cut off midway: this prefix holds part of the office's data.
        readMoveMark(client, config.REDIS_KEY_PREFIX)
          .then((mark) => {
            if (mark && !mark.finishedAt) logger.error({ code: "MOVE_UNFINISHED" }, "the move of an embedded DATA_DIR to this Redis (npm run move-to-redis) was started and not finished: part of the office's applications, cases and conversations are missing here. Stop Loket and run npm run move-to-redis again on the old DATA_DIR; it continues where it stopped");
          })
          .catch(() => undefined);
      }
      if (troubled) logger.info("redis connection restored");
      troubled = false;
      // Applications, cases and accounts live in Redis: a policy that evicts keys under memory
      // pressure would drop them. Managed Redis may forbid CONFIG: then nothing is said.
      client
        .call("CONFIG", "GET", "maxmemory-policy")
        .then((r) => {
          const policy = Array.isArray(r) ? String(r[1] ?? "") : "";
          if (policy && policy !== "noeviction") logger.warn({ policy }, "redis maxmemory-policy evicts keys: set it to noeviction, or applications and cases can be lost under memory pressure");
        })
        .catch(() => undefined);
      // Without persistence a Redis restart empties the store: staff accounts, applications, and
      // the registration-number sequence, which then starts again at 000001.
      Promise.all([client.call("CONFIG", "GET", "appendonly"), client.call("CONFIG", "GET", "save")])
        .then(([aof, save]) => {
          const on = (r: unknown) => (Array.isArray(r) ? String(r[1] ?? "") : "");
          if (on(aof) === "yes") return;
          if (!on(save).trim()) logger.warn("redis keeps its data only in memory (appendonly no, no save points): a Redis restart loses applications, staff accounts and the registration-number sequence; set appendonly yes");
          else logger.warn({ save: on(save) }, "redis saves snapshots only: a Redis crash loses what changed since the last one (applications, registration numbers); set appendonly yes");
        })
        .catch(() => undefined);
    });
    store = opts.store ?? createRedisStore(client, redisStoreOptions(config));
    bus = opts.bus ?? createRedisBus(client, sub, { prefix: `${config.REDIS_KEY_PREFIX}bus:` });
    closers.push(() => {
      client.disconnect();
      sub.disconnect();
    });
  } else {
    if (!opts.store) {
      mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
      // One process per embedded store: a second Loket on this DATA_DIR is refused.
      closers.push(lockDataDir(config.DATA_DIR));
    }
    store =
      opts.store ??
      createSqliteStore(openSqlite(sqlitePath(config)), sqliteStoreOptions(config));
    bus = opts.bus ?? createMemoryBus();
  }
  // Every write of a handoff case also keeps its copy among the recent ones (src/store/recent-cases.ts).
  const rawStore = store;
  store = withRecentCases(rawStore, opts.now);
  const files = opts.files ?? createFileStore(config.DATA_DIR);
  // LangChain is loaded only when a model is configured (it costs ~0.6 s of start-up).
  const llm = config.LLM_PROVIDER ? await import("./llm/index.js") : undefined;
  // This Loket's own counts (the staff console reads them), not the process-wide ones.
  const llmMetrics = llm ? new llm.LlmMetrics() : undefined;
  const llmLogger = logger.child({ part: "llm" });
  // The model's answer must be in the language Loket answers in: judged by the engine's own guess
  // (of the knowledge in use: a reload brings its names and cue words).
  let answerLanguage = createLanguageGuess(knowledge.language, "id", namesOf(knowledge));
  const adapter = llm?.createLanguageModelFromConfig(config, {
    logger: llmLogger,
    ...(llmMetrics ? { metrics: llmMetrics } : {}),
    writtenIn: (text, lang) => answerLanguage.of(text, lang).lang === lang,
  });
  // A model that is down is rested after a few failures in a row, not waited for at every message.
  const model =
    llm && adapter && llmMetrics
      ? llm.withCircuit(adapter, {
          failures: config.LLM_CIRCUIT_FAILURES,
          cooldownMs: config.LLM_CIRCUIT_COOLDOWN_MS,
          now: () => (opts.now ? opts.now().getTime() : Date.now()),
          metrics: llmMetrics,
          logger: llmLogger,
        })
      : undefined;
  const modelStatus = (): ModelStatus =>
    model && llmMetrics
      ? { configured: true, provider: config.LLM_PROVIDER!, model: config.LLM_MODEL!, calls: llmMetrics.snapshot(), circuit: model.circuit() }
      : { configured: false };
  if (model) logger.info({ provider: config.LLM_PROVIDER, model: config.LLM_MODEL }, "language model configured");
  /**
   * The engine, the understander and the model's help built on one knowledge base: at start-up,
   * and again off to the side by a knowledge reload, which swaps the whole of it at once.
   */
  const generationOf = (knowledge: KnowledgeBase, { flows, messages }: Texts): KnowledgeGeneration & { understander: Understander; flows: Flows; languages: Map<string, Messages>; staffView: StaffView; warm: () => void } => {
    const understander = createUnderstander(knowledge);
    let modelHelp: ModelHelp | undefined;
    if (llm && model) {
      const { fillFields, passagesFor, officePassage, withModelFallback } = llm;
      const fallback = withModelFallback(understander, model, { threshold: flows.patterns.confidence_threshold, permits: knowledge.permits });
      modelHelp = {
        budgetMs: config.LLM_TIMEOUT_MS,
        understand: (text, ctx, call) => fallback.understand(text, ctx, call),
        async answer(text, permit, call, lang) {
          const r = await model.answer(text, passagesFor(knowledge, [permit], 2, lang), call, lang);
          return r.ok ? r.value : undefined;
        },
        // Only what the rules are unsure of: a question they read is answered from the files as it is.
        async answerOffice(text, call, lang) {
          if (understander.understand(text).confidence >= flows.patterns.confidence_threshold) return undefined;
          const today = jakartaDate(opts.now ? opts.now() : new Date());
          const r = await model.answer(text, [officePassage(knowledge.office, lang, today)], call, lang);
          return r.ok ? r.value : undefined;
        },
        async fill(text, fields, call) {
          return (await fillFields(model, text, fields as FormField[], call)).values;
        },
      };
    }
    const engine = createEngine({
      flows,
      knowledge,
      understander,
      messages,
      uploadLimitBytes: config.UPLOAD_MAX_BYTES,
      retentionDays: config.RETENTION_DAYS,
      channelUploadLimitBytes: { telegram: BOT_API_DOWNLOAD_MAX_BYTES },
      // Said at the consent question: who outside the office sees what citizens write here.
      disclosures: [
        ...(config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_STAFF_CHAT_ID ? ["consent.via_telegram_group"] : []),
        ...(llm ? [modelDisclosure(llm.modelServer(config))] : []),
      ],
      ...(opts.now ? { now: opts.now } : {}),
    });
    // What the staff console reads of this set's flows and messages: made once per set, swapped with it.
    const staffView = { nameFields: applicantFieldIds(flows).name, fieldLabels: applicantFieldLabels(flows, messages.get("id")) };
    // What the first message would otherwise build: the typo lookup, the phrase lists' matchers.
    const warm = () => {
      understander.warm?.();
      engine.warm?.();
    };
    return { engine, knowledge, understander, flows, languages: messages, staffView, warm, ...(modelHelp ? { model: modelHelp } : {}) };
  };
  let inUse = generationOf(knowledge, texts);
  // The stems it made, kept for the next start (before any citizen's word is read: none is kept).
  void keepStems(knowledge);
  /**
   * The version of the set in use: the knowledge's id (its kept copy's name in DATA_DIR/cache), then
   * six hex digits of what flows/ and messages/ say. Instances with the same files show the same one.
   */
  const setVersion = (knowledgeId: string, textsId: string) => `${knowledgeId}-${textsId.slice(0, 6)}`;
  let knowledgeVersion = { id: setVersion(startVersion.id ?? "", textsDigest), permits: knowledge.permits.length, loadedAt: new Date().toISOString() };
  /** Every language's messages in use now (a reload replaces them): what channels and staff read. */
  const liveMessages = live(() => inUse.languages);
  const id = live(() => inUse.languages.get("id")!);
  const { engine, model: modelHelp } = inUse;
  const runtime = createRuntime({
    store,
    bus,
    files,
    engine,
    knowledge,
    // The start-up set's; a reload's generation brings its own (useKnowledge).
    messages: messages.get("id")!,
    languages: messages,
    logger: logger.child({ part: "runtime" }),
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
    messageMaxChars: config.MESSAGE_MAX_CHARS,
    rateLimit: { burst: config.RATE_LIMIT_BURST, perSecond: config.RATE_LIMIT_PER_SECOND },
    ...(modelHelp ? { model: modelHelp } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.newId ? { newId: opts.newId } : {}),
    // Several instances (Redis): what this one sends to WhatsApp citizens over the bus (a staff
    // reply, a status notice) is stored for the WhatsApp instance first, so a restart of that
    // instance loses nothing (docs/whatsapp.md). One embedded process has no other instance.
    // Telegram citizens' pushes likewise, for the one instance polling the bot (src/channels/telegram/pending.ts).
    // Several instances: a conversation's deliveries keep their order across them (Runtime.inOrder).
    ...(redis ? { sharedOrder: true } : {}),
    ...(redis
      ? {
          keepRemote: {
            whatsapp: createWhatsAppKeeper(store, (replies) => whatsAppBatch(replies, liveMessages), opts.now ? { now: opts.now } : {}),
            telegram: createTelegramKeeper(store, opts.now ? { now: opts.now } : {}),
          },
        }
      : {}),
  });
  closers.push(() => runtime.close());
  // --- reloading knowledge/, flows/ and messages/ while running (the console's button, SIGHUP; docs/knowledge.md) ---
  const instance = `${hostname()}/${process.pid}/${randomUUID().slice(0, 4)}`;
  const knowledgeLogger = logger.child({ part: "knowledge" });
  /**
   * Loads and checks knowledge/, flows/ and messages/ off to the side, with every check start-up
   * makes; swaps the set in (one assignment) only when all of it passes.
   */
  const reloadHere = async (): Promise<KnowledgeReloadResult> => {
    const previous = knowledgeVersion.id;
    /** Each problem's code, as start-up says it (KNOWLEDGE_INVALID, FLOW_INVALID, MESSAGES_INVALID). */
    const codes = new Map<FileIssue, string>();
    const refuse = (problems: FileIssue[]): KnowledgeReloadResult => {
      for (const p of problems) knowledgeLogger.error({ code: codes.get(p) ?? "KNOWLEDGE_INVALID", file: p.file, line: p.line }, p.message);
      knowledgeLogger.error({ code: codes.get(problems[0]!) ?? "KNOWLEDGE_INVALID", problems: problems.length, version: previous }, `reload refused (${problems.length} problem${problems.length === 1 ? "" : "s"}, each above with its file and line): citizens are still answered from version ${previous} (knowledge/, flows/ and messages/ as they were). Correct the files and reload again`);
      return { instance, ok: false, version: previous, previous, permits: knowledgeVersion.permits, problems, warnings: [] };
    };
    /** A folder gone or unreadable (a clerk's copy with other permissions): said as at start-up. */
    const unreadable = (err: unknown, dir: string): FileIssue[] => {
      if (err instanceof FileValidationError) {
        for (const part of err.parts) for (const i of part.issues) codes.set(i, part.code);
        return err.issues;
      }
      const e = err as NodeJS.ErrnoException & { path?: string };
      return [{ file: e.path ?? relative(process.cwd(), dir), line: 1, message: unreadableFileHint(err) ?? (e.code === "ENOENT" ? `${e.path ?? dir} is not there: Loket reads it at start-up and at a reload` : e.message) }];
    };
    const warnings: FileIssue[] = [];
    const version: { id?: string } = {};
    // All three folders read together; every problem of each is said (not only the first folder's).
    // flows/ and messages/ are read once, as at start-up.
    const read = readTexts(textsAt);
    const [k, t, d] = await Promise.allSettled([
      loadKnowledgeCached(config.KNOWLEDGE_DIR, join(config.DATA_DIR, "cache"), { warnings, version }),
      loadTextsCached(textsAt, read),
      read.then((r) => r.contentDigest),
    ]);
    const problems = [
      ...(k.status === "rejected" ? unreadable(k.reason, config.KNOWLEDGE_DIR) : []),
      ...(t.status === "rejected" ? unreadable(t.reason, textsAt.flowsDir) : []),
      ...(d.status === "rejected" && t.status === "fulfilled" ? unreadable(d.reason, textsAt.messagesDir) : []),
    ];
    if (problems.length || k.status === "rejected" || t.status === "rejected" || d.status === "rejected") return refuse(problems);
    const next = k.value;
    const nextTexts: Texts = { ...t.value, read };
    // What start-up checks beside the knowledge itself (checkBeside): against the new flows and messages.
    const beside = await checkBeside(next, nextTexts);
    if (beside.clashes.length) return refuse(beside.clashes);
    const messageErrors = beside.messageIssues.filter((i) => !i.warning);
    for (const i of messageErrors) codes.set(i, "MESSAGES_INVALID");
    if (messageErrors.length) return refuse(messageErrors);
    if (config.REGISTRATION_PREFIX) next.office.registrationPrefix = config.REGISTRATION_PREFIX;
    // Built and warmed before the swap: the first citizen after it waits for nothing.
    const built = generationOf(next, nextTexts);
    void keepStems(next);
    built.warm();
    inUse = built;
    await runtime.useKnowledge(built);
    answerLanguage = createLanguageGuess(next.language, "id", namesOf(next));
    setPage(next.office.shortName, allPageTexts(nextTexts.messages));
    knowledgeVersion = { id: setVersion(version.id ?? "", d.value), permits: next.permits.length, loadedAt: new Date().toISOString() };
    for (const w of [...warnings, ...beside.messageIssues.filter((i) => i.warning)]) knowledgeLogger.warn({ file: w.file, line: w.line }, w.message);
    for (const fn of reloadListeners) {
      void Promise.resolve()
        .then(fn)
        .catch((err: unknown) => knowledgeLogger.warn({ err: { message: (err as Error).message } }, "after the reload: a part failed to follow it"));
    }
    knowledgeLogger.info({ version: knowledgeVersion.id, previous, permits: next.permits.length }, previous === knowledgeVersion.id ? `reloaded: unchanged (version ${previous})` : `reloaded: version ${knowledgeVersion.id} (was ${previous}), ${next.permits.length} permits, with flows/ and messages/`);
    return { instance, ok: true, version: knowledgeVersion.id, previous, permits: next.permits.length, problems: [], warnings };
  };
  /** Run after each reload taken here (Loket.onReload). */
  const reloadListeners: (() => Promise<void> | void)[] = [];
  // One reload at a time in an instance: a second press waits for the first, then reads the files again.
  let reloading: Promise<unknown> = Promise.resolve();
  const serialReload = (): Promise<KnowledgeReloadResult> => {
    const run = reloading.then(reloadHere, reloadHere);
    reloading = run.catch(() => undefined);
    return run;
  };
  const reloads = createKnowledgeReloads({
    bus,
    instance,
    reloadHere: serialReload,
    version: () => knowledgeVersion.id,
    // Each instance's bus holds one subscribing connection: the topic's subscribers are the instances.
    listening: async (topic) => {
      if (!redis || !ownBus) return 1;
      const r = await redis.call("PUBSUB", "NUMSUB", `${config.REDIS_KEY_PREFIX}bus:${topic}`);
      return Array.isArray(r) ? Number(r[1] ?? 1) : 1;
    },
  });
  closers.push(() => reloads.close());
  const reloadKnowledge = async (by: string): Promise<KnowledgeReloadAnswer> => {
    knowledgeLogger.info({ by }, "reload asked: every instance reads its own knowledge/, flows/ and messages/ again");
    const answer = await reloads.reloadAll();
    const refused = answer.instances.filter((i) => !i.ok);
    const summary = { took: answer.instances.filter((i) => i.ok).map((i) => `${i.instance}=${i.version}`), refused: refused.map((i) => `${i.instance} (kept ${i.version})`), unanswered: answer.unanswered };
    if (refused.length || answer.unanswered) knowledgeLogger.warn(summary, `knowledge reload: ${refused.length} instance(s) refused (their log says why, file:line), ${answer.unanswered} did not answer`);
    else knowledgeLogger.info(summary, "knowledge reload: every instance took it");
    return answer;
  };
  /** The knowledge base in use now (a reload replaces it): what staff views and channels read. */
  const liveKnowledge = live(() => inUse.knowledge);
  // A JSON body carries a message of MESSAGE_MAX_CHARS, each character escaped at worst (\u0000: 6 bytes).
  const { app, probes, setPage } = await createHttp({ logger, trustProxy: config.TRUST_PROXY, officeName: knowledge.office.shortName, pageTexts: allPageTexts(messages), bodyLimit: Math.max(64 * 1024, config.MESSAGE_MAX_CHARS * 6 + 4096) });
  runtime.registerChannel(createWebAdapter(bus));
  // Pushes published while this instance's bus connection was away never reached its event
  // streams: they are ended, so each page (and staff console) reconnects and reloads its history.
  const offGap = bus.onGap?.(() => {
    if (!app.eventStreams.size) return;
    logger.warn({ streams: app.eventStreams.size }, "bus connection was away: event streams ended so their pages catch up");
    for (const res of [...app.eventStreams]) res.end();
  });
  if (offGap) closers.push(offGap);
  registerWebChannel(app, {
    runtime,
    store,
    bus,
    logger,
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
    messageMaxChars: config.MESSAGE_MAX_CHARS,
    conversationsPerMinute: config.WEB_CONVERSATIONS_PER_MINUTE,
    uploadMbPerHour: config.WEB_UPLOAD_MB_PER_HOUR,
    streams: { perAddress: config.WEB_STREAMS_PER_ADDRESS, max: config.WEB_STREAMS_MAX },
    messages: id,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const staff = await registerStaff(app, {
    runtime,
    store,
    bus,
    files,
    messages: liveMessages,
    logger,
    config,
    knowledge: liveKnowledge,
    knowledgeReload: { version: () => ({ ...knowledgeVersion, instance }), reload: reloadKnowledge },
    nameFields: () => inUse.staffView.nameFields,
    fieldLabels: () => inUse.staffView.fieldLabels,
    understand: (text) => inUse.understander.understand(text),
    modelStatus,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.newId ? { newId: opts.newId } : {}),
    ...(opts.sweepEveryMs !== undefined ? { sweepEveryMs: opts.sweepEveryMs } : {}),
  });
  parts.push({ name: "staff idle sweeper", stop: staff.close });
  if (opts.sweepEveryMs !== false) {
    parts.push({ name: "retention", stop: startRetention({ store, files, logger, bus, retentionDays: config.RETENTION_DAYS, ...(opts.now ? { now: opts.now } : {}) }) });
  }
  // The store may not be reachable yet (a reboot brings Loket up before Redis): a one-off job it
  // refused is tried again, up to 30 s apart, until it has run, not only at the next start.
  const jobsStop = new AbortController();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const stop = () => (clearTimeout(timer), resolve());
      const timer = setTimeout(() => (jobsStop.signal.removeEventListener("abort", stop), resolve()), ms);
      jobsStop.signal.addEventListener("abort", stop, { once: true });
    });
  const untilRun = async (job: () => Promise<unknown>): Promise<void> => {
    for (let wait = 1000; ; wait = Math.min(wait * 2, 30_000)) {
      try {
        await job();
        return;
      } catch (err) {
        if (!(err instanceof StoreError) || jobsStop.signal.aborted) throw err;
      }
      await pause(wait);
      if (jobsStop.signal.aborted) return;
    }
  };
  // Applications submitted before the index by conversation existed (src/runtime/applications.ts):
  // added in the background; until then readers read them all, as before.
  const indexing = untilRun(() => backfillApplicationIndex(store, logger)).catch((err: unknown) => {
    logger.warn({ err: (err as Error).message }, "indexing applications by conversation failed; it is tried again at the next start");
  });
  // Cases stored before the recent ones had copies: copied once, in the background.
  const copying = untilRun(() => backfillRecentCases(rawStore, logger, opts.now)).catch((err: unknown) => {
    logger.warn({ err: (err as Error).message }, "copying recent handoff cases failed; it is tried again at the next start");
  });
  parts.push({
    name: "background indexing",
    stop: async () => {
      jobsStop.abort();
      await indexing;
      await copying;
    },
  });
  const storeRef = store;
  // The model rested after failures in a row: shown, though Loket is healthy without it.
  if (model) probes.set("model", () => {
    const c = model.circuit();
    return c.open ? { ok: false, detail: `rested after failures in a row until ${c.until}; answering without it` } : { ok: true };
  });
  probes.set("store", async () => {
    try {
      await storeRef.get("staff", "__healthz__");
      return { ok: true, detail: config.REDIS_URL ? "redis" : "sqlite" };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  });

  const loket: Loket = {
    config,
    logger,
    app,
    probes,
    runtime,
    store,
    bus,
    files,
    get knowledge() {
      return inUse.knowledge;
    },
    messages: liveMessages,
    get understander() {
      return inUse.understander;
    },
    warm: () => inUse.warm(),
    reloadKnowledge,
    knowledgeVersion: () => knowledgeVersion.id,
    onReload: (fn) => void reloadListeners.push(fn),
    staff: staff.ops,
    ...(redis ? { redis } : {}),
    onClose: (fn, name = "channel") => void parts.push({ name, stop: fn }),
    async close() {
      // Every part starts stopping now: one waiting for its turns (Telegram's polling, WhatsApp's
      // queue) no longer waits for the HTTP server's requests first, nor they for it.
      const still = new Set<string>();
      const stopping = [{ name: "http", stop: () => app.close() }, ...parts].map(async ({ name, stop }) => {
        still.add(name);
        try {
          await stop();
        } catch (err) {
          logger.error({ part: name, err: { name: (err as Error)?.name, message: (err as Error)?.message } }, `error while stopping ${name}`);
        }
        still.delete(name);
      });
      if ((await within(Promise.all(stopping), STOP_PARTS_MS, "late" as const)) === "late") {
        logger.warn({ parts: [...still], afterMs: STOP_PARTS_MS }, `still stopping ${STOP_PARTS_MS / 1000} s after the stop signal: ${[...still].join(", ")}; the store is closed anyway (Docker kills at 10 s)`);
      }
      for (const fn of closers.reverse()) await fn();
      if (ownBus) await bus.close();
      if (ownStore) await store.close();
    },
  };
  return loket;
}
