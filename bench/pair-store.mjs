// The Redis store alone (no engine, no HTTP) of two checkouts' compiled code (`node
// scripts/build.mjs` in each) in one process, slices of 3,200 turns alternating between them: a
// turn is what the runtime asks of the store for a web or Telegram message (begin with a message
// id; commit the state, the citizen's line and the bot's two lines, the message id and the answer
// kept for a retry, which the bot lines say). Each side talks to its own redis-server, so the
// Redis CPU per turn (`INFO cpu` around the slice) is that side's alone. Prints each side's median
// Node and Redis CPU per turn and the medians of the per-slice ratios B / A. Run it both ways
// round: on a busy machine the order tilts a ratio.
//
//   taskset -c 0 node bench/pair-store.mjs <root A> <root B> <redis URL A> <redis URL B> [slices, 20]
//   (CONC, 64: turns at once over 1,000 conversations)
const [rootA, rootB, urlA, urlB, slicesArg] = process.argv.slice(2);
const SLICES = Number(slicesArg ?? 20);
const N = 3200;
const C = Number(process.env.CONC ?? 64);
const at = "2026-12-02T08:00:00.000Z";
// An answer as the bench's mix gets it (a permit's requirements, then the menu's buttons).
const replies = [
  { type: "text", text: "Persyaratan *Persetujuan Bangunan Gedung (PBG)* (dahulu IMB):\n1. KTP pemohon\n2. Bukti kepemilikan tanah (sertifikat/akta jual beli)\n3. Gambar rencana arsitektur, struktur dan utilitas\n4. Dokumen KRK (Keterangan Rencana Kota)\n5. Surat pernyataan kelaikan\nDiajukan melalui SIMBG (simbg.pu.go.id).\nSumber: Persyaratan PBG, PP 16/2021 Pasal 253." },
  { type: "text", text: "Ada lagi yang bisa dibantu?", expects: { field: "menu", kind: "choice" }, choices: [{ id: "menu.main:requirements", label: "Persyaratan izin" }, { id: "menu.main:apply", label: "Ajukan permohonan" }, { id: "menu.main:status", label: "Cek status" }, { id: "menu.main:human", label: "Bicara dengan petugas" }] },
];
const line = (r) => ({ at, from: "bot", text: r.text, ...(r.expects ? { expects: r.expects } : {}), ...(r.choices ? { choices: r.choices } : {}) });
const initial = (id) => ({ v: 1, conversationId: id, channel: "telegram", lang: "id", engine: { stack: [], context: { permit: "pbg", aspect: "requirements" }, failures: 0, expecting: { field: "menu", kind: "choice", choices: ["menu.main:requirements", "menu.main:apply", "menu.main:status", "menu.main:human"] } }, createdAt: at, updatedAt: at });

async function side(root, url, tag) {
  const { createRedisStore, redisOptions } = await import(`${root}/dist/store/redis.js`);
  const { Redis } = await import(`${root}/node_modules/ioredis/built/index.js`);
  const redis = new Redis(url, redisOptions());
  await redis.flushall();
  const info = new Redis(url);
  const store = createRedisStore(redis, { prefix: `ps${tag}:` });
  let round = 0;
  const redisCpu = async () => {
    const s = await info.info("cpu");
    const v = (k) => Number(new RegExp(`${k}:([0-9.]+)`).exec(s)[1]);
    return (v("used_cpu_user") + v("used_cpu_sys")) * 1e6;
  };
  const run = async () => {
    round++;
    const r0 = await redisCpu();
    const t = process.cpuUsage();
    await Promise.all(
      Array.from({ length: C }, async (_, w) => {
        for (let i = w; i < N; i += C) {
          const id = `telegram:${i % 1000}`;
          const messageId = `${round}:${i}`;
          const dedupeKey = `telegram:${messageId}`;
          const turn = await store.begin(id, { dedupeKey });
          const state = turn.state ?? initial(id);
          await turn.commit({
            state: { ...state, updatedAt: at },
            transcript: [{ at, from: "citizen", text: "syarat imb apa aja" }, ...replies.map(line)],
            dedupeKey,
            reply: { messageId, replies },
          });
        }
      }),
    );
    const d = process.cpuUsage(t);
    const r = (await redisCpu()) - r0;
    return { node: (d.user + d.system) / N, redis: r / N };
  };
  return { run, close: () => { redis.disconnect(); info.disconnect(); } };
}

const sides = [await side(rootA, urlA, "a"), await side(rootB, urlB, "b")];
for (let w = 0; w < 3; w++) for (const s of sides) await s.run();
const res = [[], []];
for (let s = 0; s < SLICES; s++) for (const o of s % 2 ? [1, 0] : [0, 1]) res[o].push(await sides[o].run());
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
const ratio = (k) => res[1].map((b, i) => b[k] / res[0][i][k]);
for (const k of ["node", "redis"]) {
  const r = ratio(k);
  console.log(`${k.padEnd(5)} CPU per turn, ${C} at once: A ${med(res[0].map((x) => x[k])).toFixed(1)} µs, B ${med(res[1].map((x) => x[k])).toFixed(1)} µs, B/A median ${med(r).toFixed(3)} (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}), ${SLICES} slices of ${N}`);
}
const both = res[1].map((b, i) => (b.node + b.redis) / (res[0][i].node + res[0][i].redis));
console.log(`both  B/A median ${med(both).toFixed(3)} (${Math.min(...both).toFixed(2)}–${Math.max(...both).toFixed(2)})`);
for (const s of sides) s.close();
process.exit(0);
