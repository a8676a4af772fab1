// What a Telegram turn's place among its conversation's deliveries (staff7, src/runtime/runtime.ts
// placeDelivery + Runtime.inOrder) costs alone: `C` conversations at once, each placing a turn's
// replies under no lock, the sender claiming the place, waiting for the one before and sending (an
// awaited setImmediate stands for the send's I/O), then giving the place back. Three variants in
// one process, rounds alternated (a, b, c, then c, b, a): "none" sends without a place (the path
// before 3980fd8), "timers" is 3980fd8's machinery as it was written (two timers and a race a
// place, a claim timer a turn), "lazy" what runtime.ts does since perf24. Prints each one's median CPU µs a turn.
//
//   taskset -c 0 node bench/delivery-slot.mjs [rounds, 20] [turns a round, 20000]
const ROUNDS = Number(process.argv[2] ?? 20); const N = Number(process.argv[3] ?? 20000); const C = 64;
const ORDER_WAIT_MS = 10_000; const CLAIM_WAIT_MS = 1_000;
const io = () => new Promise((r) => setImmediate(r));

function none() { return { place: () => undefined, inOrder: (_s, send) => send() }; }

function timers() {
  const deliveries = new Map();
  function placeDelivery(id) {
    const before = deliveries.get(id) ?? Promise.resolve();
    let free; const mine = new Promise((r) => (free = r)); deliveries.set(id, mine);
    const timer = setTimeout(() => done(), ORDER_WAIT_MS); timer.unref();
    const done = () => { clearTimeout(timer); free(); if (deliveries.get(id) === mine) deliveries.delete(id); };
    let waitTimer;
    const ready = Promise.race([before, new Promise((r) => (waitTimer = setTimeout(r, ORDER_WAIT_MS)).unref())]).finally(() => clearTimeout(waitTimer));
    return { ready, done };
  }
  return {
    place(id) { const slot = placeDelivery(id); const placed = { ...slot, claimed: () => clearTimeout(unclaimed) }; const unclaimed = setTimeout(() => placed.done(), CLAIM_WAIT_MS); unclaimed.unref(); return placed; },
    async inOrder(slot, send) { slot.claimed(); await slot.ready; try { return await send(); } finally { slot.done(); } },
  };
}

function lazy() {
  // As runtime.ts since perf24: two shared timers (src/runtime/expiring.ts), a promise only when a place waits.
  const wheel = (ms, expire) => { const m = new Map(); let timer;
    const arm = () => { timer = undefined; for (const { at } of m.values()) { timer = setTimeout(fire, Math.max(0, at + ms - Date.now())); timer.unref(); return; } };
    const fire = () => { const now = Date.now(); for (const [k, e] of m) { if (e.at + ms > now) break; m.delete(k); expire(e.value); } arm(); };
    return { add(k, value) { m.delete(k); m.set(k, { value, at: Date.now() }); if (!timer) arm(); }, take(k) { const e = m.get(k); if (!e) return undefined; m.delete(k); return e.value; } }; };
  const deliveries = new Map(); const SENT = Promise.resolve();
  const placed = wheel(CLAIM_WAIT_MS, (s) => s.done()); const open = wheel(ORDER_WAIT_MS, (p) => p.done());
  function placeDelivery(id) {
    const before = deliveries.get(id);
    const place = { ready: before ? (before.sent ??= new Promise((r) => (before.free = r))) : SENT, given: false,
      done: () => { if (place.given) return; place.given = true; open.take(place); place.free?.(); if (deliveries.get(id) === place) deliveries.delete(id); } };
    deliveries.set(id, place); open.add(place, place); return place;
  }
  return {
    place(id) { const replies = []; placed.add(replies, placeDelivery(id)); return replies; },
    async inOrder(replies, send) { const slot = placed.take(replies); if (!slot) return send(); await slot.ready; try { return await send(); } finally { slot.done(); } },
  };
}

const variants = { none, timers, lazy };
async function round(v) {
  const t = process.cpuUsage();
  await Promise.all(Array.from({ length: C }, async (_, w) => { for (let i = w; i < N; i += C) { const slot = v.place(`c${i % 1000}`); await io(); await v.inOrder(slot, io); } }));
  const d = process.cpuUsage(t); return (d.user + d.system) / N;
}
const names = Object.keys(variants); const made = Object.fromEntries(names.map((n) => [n, variants[n]()]));
for (const n of names) await round(made[n]);
const got = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < ROUNDS; r++) for (const n of r % 2 ? [...names].reverse() : names) got[n].push(await round(made[n]));
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
console.log(names.map((n) => `${n} ${med(got[n]).toFixed(3)} µs`).join(", "), `(median of ${ROUNDS} rounds of ${N} turns, ${C} at once)`);
