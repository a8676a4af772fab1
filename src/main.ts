import { resolve, sep } from "node:path";
import { readFile } from "node:fs/promises";
import { checkFolders, configWarnings, loadConfig, maskUrlPassword, unknownSettings, unreadEnvFile } from "./config.js";
import { LoketError, startRefusal, unreadableFileHint } from "./errors.js";
import { buildLoket } from "./app.js";
import { startChannels } from "./channels/start.js";
import { npmParent } from "./npm-parent.js";
import type { StaffAccount } from "./staff/auth.js";

/** How long requests under way may take to finish once Loket is told to stop (Docker kills at 10 s). */
const STOP_GRACE_MS = 7_000;
/**
 * Past this, Loket exits however far its stop got (a store that does not close): before Docker's
 * SIGKILL at 10 s, with the reason in the log. The parts get 8 s (src/app.ts STOP_PARTS_MS).
 */
const STOP_MAX_MS = 9_500;
/** How long after saying it is ready Loket builds what the first message would (the understander's typo lookup). */
const WARM_AFTER_MS = 200;
/** How often Loket looks whether the npm process that started it is still there (src/npm-parent.ts). */
const NPM_WATCH_MS = 1_000;
/**
 * How long a start on Redis waits for REDIS_URL to answer before it gives up, exits 1 and says so:
 * Redis started beside it (docker compose) answers within a second or two; a REDIS_URL still
 * unanswered after this is wrong or its Redis is down, and a service manager should see a failure
 * (and restart Loket, as compose's restart: unless-stopped does) rather than a Loket that answers
 * every citizen "layanan sedang gangguan". Once started, Loket rides out outages by reconnecting.
 */
const STORE_START_WAIT_MS = 15_000;

/**
 * `npm start`: one process with everything configured. On the embedded defaults (no
 * REDIS_URL, no tokens) that is the web chat on http://localhost:3000 with SQLite in DATA_DIR.
 */
async function main(): Promise<void> {
  // Noted first: npm killed while Loket still starts is noticed once it has started.
  const npm = npmParent();
  // Everything Loket writes (the database with names and NIKs, its journal, the knowledge cache,
  // documents) is for this user only: other accounts on the machine cannot read it.
  process.umask(0o077);
  const config = loadConfig();
  checkFolders(config);
  const started = performance.now();
  const loket = await buildLoket(config);
  if (config.REDIS_URL) await storeAtStart(loket, config.REDIS_URL);
  for (const w of configWarnings()) loket.logger.warn(w);
  const fromEnvFile = unreadEnvFile(await readFile(".env", "utf8").catch(() => undefined));
  if (fromEnvFile.length) {
    loket.logger.warn(
      `.env is not read by Loket, so ${fromEnvFile.join(", ")} from it ${fromEnvFile.length > 1 ? "are" : "is"} not set: start with node --env-file=.env scripts/start.mjs (or node --env-file=.env dist/main.js), or set them where Loket is started (systemd Environment=, docker run --env-file .env)`,
    );
  }
  for (const u of unknownSettings()) {
    loket.logger.warn({ variable: u.name }, u.instead ? `${u.name} is not a Loket setting and is ignored: ${u.instead}` : `${u.name} is not a Loket setting and is ignored${u.meant ? `: did you mean ${u.meant}?` : ""} (README, Configuration)`);
  }
  await startChannels(loket);
  await loket.app.listen({ port: config.PORT, host: config.HOST });
  // Every address (0.0.0.0, ::) is opened here as localhost; another IPv6 address goes in brackets.
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  const url = `http://${host}:${config.PORT}`;
  const facts = { url, store: config.REDIS_URL ? "redis" : "sqlite", permits: loket.knowledge.permits.length, startupMs: Math.round(performance.now() - started) };
  // Not "ready" while the store cannot be reached (Redis down at start): citizens would get
  // "layanan sedang gangguan" and /healthz answers 503 until it comes.
  const probe = loket.probes.get("store");
  const store = probe ? await Promise.resolve(probe()).catch((err: Error) => ({ ok: false, detail: err.message })) : undefined;
  if (store && !store.ok) {
    loket.logger.warn({ ...facts, detail: store.detail }, `Loket listens on ${url}, but its store cannot be reached yet (REDIS_URL): citizens are told the service is disturbed until it can; retrying`);
  } else {
    loket.logger.info(facts, `Loket is ready: open ${url}`);
    // A fresh installation: citizens can already ask for a person, whose case nobody could open.
    void loket.store.list<StaffAccount>("staff").then(
      (accounts) => {
        if (accounts.some((a) => !a.disabled)) return;
        loket.logger.warn(
          `no staff account yet: nobody can log in at ${url}/staff to answer citizens who ask for a person. Make one: npm run staff -- add <name> --role admin (in the container: docker exec -it <container> npm run staff -- add <name> --role admin; docs/staff.md)`,
        );
      },
      () => undefined,
    );
  }
  warnIfStaleBuild(loket.logger);
  // What the first citizen's message would otherwise build (the typo lookup, ~40-80 ms; the engine's
  // phrase matchers, ~20-30 ms): just after start-up, once the requests that see Loket ready
  // (/healthz of Docker, of a service manager) are answered.
  setTimeout(() => loket.warm(), WARM_AFTER_MS).unref();
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    // A second signal (Ctrl-C again) is the operator who will not wait: stop now, as a shell reports it.
    if (stopping) {
      loket.logger.warn({ signal }, "stopping at once: requests still under way are cut off");
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    }
    stopping = true;
    loket.logger.info({ signal }, "stopping: requests under way finish first (another Ctrl-C stops at once)");
    // Every part (HTTP, Telegram, WhatsApp) starts stopping now, together (loket.close). A request
    // still arriving (an upload on a weak link) would hold the stop for up to the 10-minute request
    // limit: after the grace period it is cut off, so the store still closes cleanly before
    // Docker's SIGKILL (10 s after its SIGTERM).
    const cutOff = setTimeout(() => {
      loket.logger.warn({ graceMs: STOP_GRACE_MS }, `requests still under way ${STOP_GRACE_MS / 1000} s after the stop signal (a slow upload?): cut off`);
      loket.app.server.closeAllConnections();
    }, STOP_GRACE_MS);
    const tooLong = setTimeout(() => {
      loket.logger.error({ afterMs: STOP_MAX_MS }, `still stopping ${STOP_MAX_MS / 1000} s after the stop signal (the store not closed yet): exiting before Docker's SIGKILL`);
      process.exit(1);
    }, STOP_MAX_MS);
    await loket.close().catch((err) => loket.logger.error({ err }, "error while stopping"));
    clearTimeout(cutOff);
    clearTimeout(tooLong);
    process.exit(0);
  };
  // SIGHUP (kill -HUP <pid>, docker kill -s HUP, systemctl reload): knowledge/, flows/ and messages/
  // are read again in every instance, without a restart; files that fail a check are refused and the
  // old set keeps serving (the log says each problem with its file and line).
  process.on("SIGHUP", () => {
    if (stopping) return;
    void loket.reloadKnowledge("SIGHUP").catch((err: Error) => loket.logger.error({ err: { message: err.message } }, "knowledge reload failed"));
  });
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  // Under `npm start`, npm killed alone (a service manager stopping its main process, kill <pid>)
  // stops Loket the way SIGTERM does, rather than leaving it holding the port and DATA_DIR. Not
  // once stopping: a signal to the whole group (Ctrl-C, systemd) also ends npm, and a second
  // stop would cut off what is under way.
  if (npm) {
    const watch = setInterval(() => {
      if (stopping || !npm.gone()) return;
      clearInterval(watch);
      loket.logger.warn("npm start's process is gone (killed on its own, by a service manager?): stopping as on SIGTERM");
      void stop("SIGTERM");
    }, NPM_WATCH_MS);
    watch.unref();
  }
}

/**
 * On Redis: waits until REDIS_URL answers, up to STORE_START_WAIT_MS; then closes what was built
 * and throws STORE_UNAVAILABLE naming the variable, with what the connection met.
 */
async function storeAtStart(loket: Awaited<ReturnType<typeof buildLoket>>, url: string): Promise<void> {
  const probe = loket.probes.get("store");
  if (!probe) return;
  let met: string | undefined;
  const noteError = (err: Error) => void (met = err.message);
  loket.redis?.on("error", noteError);
  const until = Date.now() + STORE_START_WAIT_MS;
  try {
    for (;;) {
      const r = await Promise.resolve(probe()).catch((err: Error) => ({ ok: false, detail: err.message }));
      if (r.ok) return;
      met ??= r.detail;
      if (Date.now() >= until) break;
      await new Promise((res) => setTimeout(res, 250));
    }
  } finally {
    loket.redis?.off("error", noteError);
  }
  await loket.close().catch(() => undefined);
  throw new LoketError(
    "STORE_UNAVAILABLE",
    `REDIS_URL=${maskUrlPassword(url)}: no Redis answered there within ${STORE_START_WAIT_MS / 1000} s (${met ?? "no answer"}): start Redis (redis-server --appendonly yes), or correct REDIS_URL: redis://[:password@]host[:port][/db]`,
  );
}

/**
 * Run as `node dist/main.js` (a service manager, README), an upgrade by git pull without `npm run
 * build` runs the old build: said once Loket is up (reading src/ takes a few ms), with what to do.
 */
function warnIfStaleBuild(logger: { warn(msg: string): void }): void {
  if (!import.meta.url.endsWith("/dist/main.js")) return; // tsx runs src/ itself
  const script = new URL("../scripts/build.mjs", import.meta.url).href;
  void (import(script) as Promise<{ isStale(): boolean }>).then((build) => build.isStale()).then(
    (stale) => {
      if (stale) logger.warn("dist/ was built from other sources than src/ holds (updated by git pull?): this is the old build running. Run npm run build, then restart Loket (npm start builds by itself)");
    },
    () => undefined, // no scripts/ or src/ beside dist/: nothing to compare
  );
}

/** Said when a package is not installed; scripts/start.mjs says the same of one that dist/main.js itself imports. */
const missingPackageHint = (pkg: string) =>
  `the package ${pkg} is not installed: this version of Loket needs packages the installed ones lack (updated by git pull or a new release?). Run npm ci in the project folder, then start again.`;

/** What an operator can do about a start-up failure that is not Loket's own (a port, a folder), or undefined. */
function startFailureHint(err: unknown, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const e = err as NodeJS.ErrnoException & { syscall?: string; path?: string };
  const dataDir = env.DATA_DIR || "./data";
  // Before the DATA_DIR rule below: a refused listen has an EACCES too, but no path.
  if (e?.syscall === "listen" && (e.code === "EACCES" || e.code === "EPERM")) {
    return `PORT=${env.PORT || 3000} may be opened by root only (ports below 1024): use a port from 1024 up (the default 3000) behind a web server or port forward on 80, or let node open such ports (sudo setcap cap_net_bind_service=+ep "$(command -v node)").`;
  }
  // New code (git pull, a release) that needs a package the installed node_modules lacks.
  const missing = e?.code === "ERR_MODULE_NOT_FOUND" && /Cannot find package '([^']+)'/.exec(e.message)?.[1];
  if (missing) return missingPackageHint(missing);
  if (e?.code === "EADDRINUSE") return `port ${env.PORT || 3000} is already in use (PORT): another Loket or program listens on it. Stop it, or set another PORT.`;
  if (e?.code === "EADDRNOTAVAIL" || (e?.code === "ENOTFOUND" && e.syscall === "getaddrinfo")) return `HOST=${env.HOST ?? ""} is not an address of this machine: use 127.0.0.1 (this computer only) or 0.0.0.0 (the network).`;
  if (e?.code === "ENOENT" && e.path && /^(messages|knowledge|flows)\b/.test(e.path)) {
    return `the folder ${e.path} is not here (${process.cwd()}): start Loket from its project folder, where package.json is.`;
  }
  // Compared as absolute paths: the default "./data" fails as "data".
  const inDataDir = (p: string) => resolve(p) === resolve(dataDir) || resolve(p).startsWith(resolve(dataDir) + sep);
  if (e?.code === "SQLITE_CANTOPEN" || (["EACCES", "EPERM", "EEXIST", "ENOTDIR", "EROFS"].includes(e?.code ?? "") && (!e.path || inDataDir(e.path)))) {
    return `DATA_DIR ${dataDir} cannot be used (${e.code}): it must be a folder this user may write to.`;
  }
  return unreadableFileHint(err);
}

main().catch((err: unknown) => {
  if (err instanceof LoketError) {
    // Configuration and file errors are for people: say what is wrong and where, no stack.
    console.error(startRefusal(err));
  } else {
    const hint = startFailureHint(err);
    if (hint) console.error(`Loket cannot start: ${hint} (${(err as Error).message.replace(/\s*\n\s*/g, " ")})`);
    else console.error("Loket cannot start:", err);
  }
  process.exit(1);
});
