// The staff console's queue refresh (`GET /staff/api/cases?status=open`, in-process through
// Fastify's inject) of two checkouts' compiled code (`node scripts/build.mjs` in each) in one
// process, on one redis-server under a key prefix each, alternating A and B refresh by refresh
// (AB, then BA). Each side has the same open cases: a web citizen who asked a question, then
// asked for a person, then wrote LINES more lines with the bot (filler of realistic length)
// while waiting. Prints each side's median refresh time and the median of the per-pair ratios B / A.
//
//   REDIS_URL=redis://127.0.0.1:6390 node bench/pair-queue.mjs <root A> <root B> [open cases, 40] [pairs, 60]
//   (LINES, 60: transcript lines added to each conversation after its case opened)
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [rootA, rootB, casesArg, pairsArg] = process.argv.slice(2);
const REDIS = process.env.REDIS_URL;
if (!rootA || !rootB || !REDIS) throw new Error("usage: REDIS_URL=… node bench/pair-queue.mjs <root A> <root B> [open cases] [pairs]");
const CASES = Number(casesArg ?? 40);
const PAIRS = Number(pairsArg ?? 60);
const LINES = Number(process.env.LINES ?? 60);
const BOT = "Persyaratan *Persetujuan Bangunan Gedung (PBG)* (dahulu IMB):\n1. KTP pemohon\n2. Bukti kepemilikan tanah (sertifikat/akta jual beli)\n3. Gambar rencana arsitektur, struktur dan utilitas\n4. Dokumen KRK\nSumber: PP 16/2021.";

async function side(root, tag) {
  const { buildLoket } = await import(`${root}/dist/app.js`);
  const { loadConfig } = await import(`${root}/dist/config.js`);
  const { createLogger } = await import(`${root}/dist/log.js`);
  const { addStaff } = await import(`${root}/dist/staff/auth.js`);
  const cwd = process.cwd();
  process.chdir(root);
  const config = loadConfig({ ...process.env, KNOWLEDGE_DIR: `${root}/knowledge`, FLOWS_DIR: `${root}/flows`, DATA_DIR: mkdtempSync(join(tmpdir(), "loket-pq-")), LOG_LEVEL: "warn", RATE_LIMIT_BURST: "10000", RATE_LIMIT_PER_SECOND: "1000000", REDIS_URL: REDIS, REDIS_KEY_PREFIX: `pq${tag}${Date.now()}:` });
  const loket = await buildLoket(config, { logger: createLogger({ level: "warn", pretty: false }), sweepEveryMs: false });
  process.chdir(cwd);
  const at = new Date().toISOString();
  for (let i = 0; i < CASES; i++) {
    const id = `web:pq-${tag}-${i}`;
    await loket.runtime.handle({ channel: "web", conversationId: id, text: `izin reklame saya nomor ${i} kok belum keluar ya` });
    await loket.runtime.handle({ channel: "web", conversationId: id, text: "petugas" });
    const lines = Array.from({ length: LINES }, (_, j) => (j % 2 ? { at, from: "bot", text: BOT } : { at, from: "citizen", text: `pertanyaan tambahan ${j} tentang reklame saya yang belum selesai` }));
    const turn = await loket.store.begin(id);
    await turn.commit({ transcript: lines });
  }
  await addStaff(loket.store, { username: "budi", role: "staff", password: "kata-sandi-bench-1" });
  const login = await loket.app.inject({ method: "POST", url: "/staff/api/login", payload: { username: "budi", password: "kata-sandi-bench-1" } });
  const cookie = String(login.headers["set-cookie"]).split(";")[0];
  const refresh = async () => {
    const t0 = process.hrtime.bigint();
    const res = await loket.app.inject({ method: "GET", url: "/staff/api/cases?status=open", headers: { cookie } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.statusCode !== 200) throw new Error(`${tag}: ${res.statusCode} ${res.body}`);
    const n = res.json().cases.filter((c) => c.lastCitizenText).length;
    if (n !== CASES) throw new Error(`${tag}: ${n} of ${CASES} rows with the citizen's words`);
    return ms;
  };
  return { loket, refresh };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const A = await side(rootA, "a");
const B = await side(rootB, "b");
for (let i = 0; i < 10; i++) await A.refresh(), await B.refresh(); // warm-up (JIT, scripts)
const a = [];
const b = [];
const ratio = [];
for (let i = 0; i < PAIRS; i++) {
  let x;
  let y;
  if (i % 2) (y = await B.refresh()), (x = await A.refresh());
  else (x = await A.refresh()), (y = await B.refresh());
  a.push(x);
  b.push(y);
  ratio.push(y / x);
}
console.log(`queue refresh, ${CASES} open cases on Redis, ${LINES + 4} transcript lines each, ${PAIRS} pairs: A ${median(a).toFixed(2)} ms, B ${median(b).toFixed(2)} ms (medians), B / A ${median(ratio).toFixed(2)}`);
await A.loket.close();
await B.loket.close();
process.exit(0);
