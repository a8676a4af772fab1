import { loadConfig } from "./config.js";
import { LoketError } from "./errors.js";
import { buildLoket } from "./app.js";
import { startChannels } from "./channels/start.js";

/**
 * `npm start`: one process with everything configured. On the embedded defaults (no
 * REDIS_URL, no tokens) that is the web chat on http://localhost:3000 with SQLite in DATA_DIR.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const started = performance.now();
  const loket = await buildLoket(config);
  await startChannels(loket);
  await loket.app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`;
  loket.logger.info(
    { url, store: config.REDIS_URL ? "redis" : "sqlite", permits: loket.knowledge.permits.length, startupMs: Math.round(performance.now() - started) },
    `Loket is ready: open ${url}`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    loket.logger.info({ signal }, "stopping");
    await loket.close().catch((err) => loket.logger.error({ err }, "error while stopping"));
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  if (err instanceof LoketError) {
    // Configuration and file errors are for people: say what is wrong and where, no stack.
    console.error(`Loket cannot start (${err.code}):\n${err.message}`);
  } else {
    console.error("Loket cannot start:", err);
  }
  process.exit(1);
});
