// A short run of the benchmark harness (`npm run bench`) in the test suite, so that it keeps
// working: it must finish, with no failed request, and print every row and figure. Its numbers
// are not checked (a loaded CI machine says nothing about speed); `npm run bench` is for that.
import { spawnSync } from "node:child_process";

const env = { ...process.env, RUNS: "1", DURATION_MS: "200", CONCURRENCY: "1", CHATS: "20", ACTIVE: "300" };
const started = Date.now();
const run = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts"], { env, encoding: "utf8", timeout: 300_000 });
const out = `${run.stdout ?? ""}${run.stderr ?? ""}`;
const expected = [
  /^web API\s+sqlite\s+1\s+\d/m,
  /^web API\s+redis\s+1\s+\d/m,
  /^telegram webhook\s+sqlite\s+1\s+\d/m,
  /^telegram webhook\s+redis\s+1\s+\d/m,
  /^redis \/ embedded throughput at concurrency 1: \d/m,
  /^stored-turn floor .*\/ echo, web, sqlite, concurrency 1: throughput \d/m,
  /^stored-turn floor .*\/ echo, web, redis, concurrency 1: throughput \d/m,
  /^  web API, sqlite, concurrency 1: echo held by .*; Loket by /m,
  /^  telegram webhook, redis, concurrency 1: echo held by .*; Loket by /m,
  /^redis bytes per idle conversation .*: \d+/m,
  /^memory with \d+ active conversations: rss \d+ MB/m,
  /^start-up to \/healthz, npm start .*first start \d+ \(\d+–\d+\) ms/m,
  /^knowledge load \+ index .*first \(cold\) \d+ ms/m,
];
const missing = expected.filter((re) => !re.test(out));
if (run.status !== 0 || missing.length || /errors at|requests failed|only \d+ conversations reached/.test(out)) {
  console.log(out.split("\n").slice(-40).join("\n"));
  console.log(`benchmark harness: FAILED (exit ${run.status ?? run.signal}${missing.length ? `; missing: ${missing.map(String).join(", ")}` : ""})`);
  process.exit(1);
}
console.log(`benchmark harness: short run complete in ${((Date.now() - started) / 1000).toFixed(0)} s, every row printed, no failed request`);
