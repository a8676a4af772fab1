/**
 * The web chat page's weight and first render on a phone's link: Debian's Chromium at 360×640
 * (touch, a mobile user agent) under Chromium's network emulation, against a Loket on loopback.
 * Prints, per link and per encoding, the median of RUNS fresh loads (no cache): the bytes the
 * page's HTML took on the wire (as the browser asks for it, and asking for it uncompressed), all bytes received until the greeting, the first paint and the
 * greeting's arrival (ms from navigation), and the page's JavaScript heap.
 *
 *   npx tsx bench/page-weight.ts            (RUNS=5; CHROMIUM_PATH as for the browser tests)
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { buildLoket } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";

const RUNS = Number(process.env.RUNS ?? 5);
/** Round-trip latency (ms) and throughput (bytes/s) as Chromium's emulation takes them. */
const LINKS = {
  "no throttling": null,
  "4G, weak (150 ms, 1.6 Mbit/s down, 750 kbit/s up)": { latency: 150, downloadThroughput: 200_000, uploadThroughput: 94_000 },
  "3G, slow (400 ms, 400 kbit/s)": { latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 },
} as const;

const config = loadConfig({ ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), "loket-page-weight-")), LOG_LEVEL: "warn", WEB_CONVERSATIONS_PER_MINUTE: "0", REDIS_URL: "" });
const loket = await buildLoket(config, { logger: createLogger({ level: "warn", pretty: false }), sweepEveryMs: false });
await loket.app.listen({ port: 0, host: "127.0.0.1" });
const addr = loket.app.server.address();
const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
// The brotli form is made the first time a browser asks for it (gzip meanwhile): asked for here first.
for (let i = 0; i < 200; i++) {
  const r = await fetch(`${base}/`, { headers: { "accept-encoding": "br" } });
  await r.arrayBuffer();
  if (r.headers.get("content-encoding") === "br") break;
  await new Promise((done) => setTimeout(done, 25));
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function load(link: (typeof LINKS)[keyof typeof LINKS], identity: boolean) {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (identity) await cdp.send("Network.setExtraHTTPHeaders", { headers: { "accept-encoding": "identity" } });
  if (link) await cdp.send("Network.emulateNetworkConditions", { offline: false, ...link });
  const urls = new Map<string, string>();
  let html = 0;
  let encoding = "identity";
  let total = 0;
  const others = new Set<string>();
  cdp.on("Network.requestWillBeSent", (e) => {
    urls.set(e.requestId, e.request.url);
    if (!e.request.url.startsWith(base) && !e.request.url.startsWith("data:")) others.add(e.request.url);
  });
  cdp.on("Network.responseReceived", (e) => {
    if (e.response.url === `${base}/`) encoding = (e.response.headers["content-encoding"] as string | undefined) ?? "identity";
  });
  cdp.on("Network.loadingFinished", (e) => {
    total += e.encodedDataLength;
    if (urls.get(e.requestId) === `${base}/`) html = e.encodedDataLength;
  });
  await page.goto(base, { waitUntil: "commit" });
  await page.waitForSelector(".msg.bot");
  const greeted = await page.evaluate(() => performance.now());
  const paint = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN);
  const metrics = (await cdp.send("Performance.enable"), await cdp.send("Performance.getMetrics")).metrics;
  const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? NaN;
  await context.close();
  return { html, total, paint, greeted, heap, encoding, others: [...others] };
}

console.log(`web chat page, 360x640 mobile Chromium, median of ${RUNS} fresh loads`);
console.log(["link", "encoding", "HTML bytes", "bytes to greeting", "first paint ms", "greeting ms", "JS heap KB", "other sites"].join(" | "));
for (const [name, link] of Object.entries(LINKS)) {
  for (const identity of [false, true]) {
    const runs: Awaited<ReturnType<typeof load>>[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await load(link, identity));
    const m = (k: "html" | "total" | "paint" | "greeted" | "heap") => median(runs.map((r) => r[k]));
    console.log([name, runs[0]!.encoding, m("html"), m("total"), Math.round(m("paint")), Math.round(m("greeted")), Math.round(m("heap") / 1024), runs.flatMap((r) => r.others).length].join(" | "));
  }
}
await browser.close();
await loket.close();
