/**
 * Load generator, run as its own process. For each of `slices` rounds it keeps `concurrency`
 * requests in flight against each target in turn for `sliceMs`, and prints one JSON line per
 * slice: { target, rps, p50, p99, errors, requests, cpu }. A target is `<mode>@<base URL>`.
 * Alternating short slices of Loket and its baselines in one process pairs every Loket figure
 * with a baseline measured a second or two away, so the drift of a virtual machine's speed
 * (minutes long) mostly cancels out of their ratio. One untimed slice per target first warms
 * the servers and this process.
 *
 *   npx tsx bench/load.ts <targets: (loket|echo|floor|tg-loket|tg-echo)@<base>, comma-separated> <concurrency> <sliceMs> <chats> [slices]
 */
import { Agent, request } from "node:http";
import { MIX, type Mode } from "./mix.js";
import { schedstat } from "./stats.js";

const [targetsArg = "loket@http://127.0.0.1:3999", conc = "16", slice = "1000", chatsArg = "1000", slicesArg = "1"] = process.argv.slice(2);
const targets = targetsArg.split(",").map((t) => {
  const [mode, base] = t.split("@") as [Mode, string];
  return { name: t, mode, base, url: new URL(base), conversations: [] as { id: string; token: string }[], next: 0 };
});
type Target = (typeof targets)[number];
const concurrency = Number(conc);
const sliceMs = Number(slice);
const chats = Number(chatsArg);
const slices = Number(slicesArg);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function post(url: URL, path: string, body: unknown, token?: string, extra: Record<string, string> = {}): Promise<{ status: number; body: string }> {
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

// A web conversation's token belongs to one server's store: each target has its own.
for (const t of targets) {
  if (t.mode !== "loket") continue;
  for (let i = 0; i < chats; i++) {
    const r = await post(t.url, "/api/conversations", {});
    const c = JSON.parse(r.body) as { conversationId: string; token: string };
    t.conversations.push({ id: c.conversationId, token: c.token });
  }
}

/** Update ids unique across runs: Loket processes a redelivered update_id once (as it must). */
const RUN_BASE = (Math.floor(Date.now() / 1000) % 100_000) * 1_000_000_000;
let sent = 0;
let mixAt = 0;
const serverCpu = async (t: Target) => (await (await fetch(`${t.base}/bench/cpu`)).json()) as { us: number; runUs: number; waitUs: number };
/** This process's CPU time (all threads) and its event loop's wait for a core, µs. */
const loadCpu = () => {
  const c = process.cpuUsage();
  return { us: c.user + c.system, waitUs: schedstat().waitUs };
};

function send(t: Target, i: number, text: string): Promise<{ status: number }> {
  // Web messages carry an id, as the chat page sends them (a retry is answered from the last reply).
  if (t.mode === "loket") {
    const c = t.conversations[i % t.conversations.length]!;
    return post(t.url, `/api/conversations/${c.id}/messages`, { text, messageId: String(RUN_BASE + ++sent) }, c.token);
  }
  if (t.mode === "echo") return post(t.url, "/bench/echo", { text, messageId: String(RUN_BASE + ++sent) });
  if (t.mode === "floor") return post(t.url, "/bench/floor", { text, messageId: String(RUN_BASE + ++sent), conversation: String(i % chats) });
  const chatId = 100_000 + (i % chats);
  const update = { update_id: RUN_BASE + ++sent, message: { message_id: i, date: 1, chat: { id: chatId, type: "private", first_name: "W" }, from: { id: chatId, is_bot: false, first_name: "W" }, text } };
  return post(t.url, t.mode === "tg-loket" ? "/tg/loket" : "/tg/echo", update, undefined, { "x-telegram-bot-api-secret-token": "bench" });
}

/**
 * One slice: `concurrency` workers for `ms`. Messages go to chats in turn, continuing where the
 * target's previous slice stopped (so enough slices reach every chat); a chat is used by one
 * worker at a time, like a citizen waiting for the answer, as long as chats >= concurrency.
 */
async function run(t: Target, ms: number): Promise<Record<string, number | string>> {
  const latencies: number[] = [];
  let errors = 0;
  const cpuBefore = await serverCpu(t);
  const loadBefore = loadCpu();
  const started = performance.now();
  const end = started + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (performance.now() < end) {
        const text = MIX[(mixAt++ + w) % MIX.length]!;
        const t0 = performance.now();
        try {
          if ((await send(t, t.next++, text)).status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const load = loadCpu();
  const after = await serverCpu(t);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const share = (us: number) => us / 1000 / elapsed;
  // cpu: the server's CPU time per request in µs (its whole process, so Loket's background work counts too).
  // loadCpu: this load process's CPU time per request, µs. Shares of the slice's wall time: the
  // server's event loop on its core (busy) and runnable but waiting for it (wait); this load
  // process's CPU (all threads) and its event loop's wait.
  return {
    target: t.name,
    rps: latencies.length / (elapsed / 1000),
    p50: q(0.5),
    p99: q(0.99),
    errors,
    requests: latencies.length,
    cpu: (after.us - cpuBefore.us) / latencies.length,
    busy: share(after.runUs - cpuBefore.runUs),
    wait: share(after.waitUs - cpuBefore.waitUs),
    loadCpu: (load.us - loadBefore.us) / latencies.length,
    loadBusy: share(load.us - loadBefore.us),
    loadWait: share(load.waitUs - loadBefore.waitUs),
  };
}

for (const t of targets) await run(t, Math.min(sliceMs, 1000));
for (let s = 0; s < slices; s++) {
  for (const t of targets) console.log(JSON.stringify(await run(t, sliceMs)));
}
agent.destroy();
