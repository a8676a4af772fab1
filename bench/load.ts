/**
 * Load generator, run as its own process: keeps `concurrency` requests in flight against one
 * endpoint for `durationMs`, and prints one JSON line { rps, p50, p99, errors }.
 *
 *   npx tsx bench/load.ts <base> <loket|echo|tg-loket|tg-echo> <concurrency> <durationMs> <chats>
 */
import { Agent, request } from "node:http";
import { MIX } from "./mix.js";

const [base = "http://127.0.0.1:3999", mode = "loket", conc = "16", dur = "5000", chatsArg = "1000"] = process.argv.slice(2);
const concurrency = Number(conc);
const durationMs = Number(dur);
const chats = Number(chatsArg);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const url = new URL(base);

function post(path: string, body: unknown, token?: string, extra: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data), ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
      },
      (res) => {
        let b = "";
        res.on("data", (d) => (b += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: b }));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}


const conversations: { id: string; token: string }[] = [];
if (mode === "loket") {
  for (let i = 0; i < chats; i++) {
    const r = await post("/api/conversations", {});
    const c = JSON.parse(r.body) as { conversationId: string; token: string };
    conversations.push({ id: c.conversationId, token: c.token });
  }
}

/** Update ids unique across runs: Loket processes a redelivered update_id once (as it must). */
const RUN_BASE = (Math.floor(Date.now() / 1000) % 100_000) * 1_000_000_000;
const latencies: number[] = [];
let errors = 0;
let n = 0;
const end = performance.now() + durationMs;
// A chat is used by one worker at a time, like a citizen waiting for the answer.
async function worker(w: number): Promise<void> {
  for (let i = w; performance.now() < end; i += concurrency) {
    const text = MIX[(n++ + w) % MIX.length]!;
    const t = performance.now();
    try {
      const chatId = 100_000 + (i % chats);
      const update = { update_id: RUN_BASE + w * 10_000_000 + i, message: { message_id: i, date: 1, chat: { id: chatId, type: "private", first_name: "W" }, from: { id: chatId, is_bot: false, first_name: "W" }, text } };
      const r = mode.startsWith("tg-")
        ? await post(mode === "tg-loket" ? "/tg/loket" : "/tg/echo", update, undefined, { "x-telegram-bot-api-secret-token": "bench" })
        : mode === "loket"
          ? await (() => {
              const c = conversations[i % conversations.length]!;
              return post(`/api/conversations/${c.id}/messages`, { text }, c.token);
            })()
          : await post("/bench/echo", { text });
      if (r.status !== 200) errors++;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - t);
  }
}
const serverCpu = async () => ((await (await fetch(`${base}/bench/cpu`)).json()) as { us: number }).us;
const cpuBefore = await serverCpu();
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
const elapsed = performance.now() - started;
const cpu = (await serverCpu()) - cpuBefore;
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
// cpu: the server's CPU time per request in µs (its whole process, so Loket's background work counts too).
console.log(JSON.stringify({ rps: latencies.length / (elapsed / 1000), p50: q(0.5), p99: q(0.99), errors, requests: latencies.length, cpu: cpu / latencies.length }));
agent.destroy();
