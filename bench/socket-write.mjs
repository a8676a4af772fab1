// The CPU of one socket write on loopback, by size, to redis-server and to a Node process that
// discards what it reads (spawned here): `process.cpuUsage()` around `socket.write` (the kernel's
// part included; precise, but the whole process's: nothing else runs here). Writes 1 ms apart (the
// receiver asleep, as between a pass's writes) or back to back (`GAP=0`). Not
// /proc/thread-self/schedstat: it moves only at scheduler events, so a window with a wake-up in it
// is charged the time since the last tick.
//
//   taskset -c 1 node bench/socket-write.mjs [redis port, 6379]
import net from "node:net";
import { spawn } from "node:child_process";
const REDIS_PORT = Number(process.argv[2] ?? 6379);
const GAP = Number(process.env.GAP ?? 1);
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const sink = spawn(process.execPath, ["-e", "require('net').createServer((s) => s.on('data', () => {})).listen(0, '127.0.0.1', function () { console.log(this.address().port) })"], { stdio: ["ignore", "pipe", "inherit"] });
const sinkPort = Number(await new Promise((r) => sink.stdout.once("data", r)));
const connect = async (port) => {
  const s = net.connect(port, "127.0.0.1");
  await new Promise((r) => s.once("connect", r));
  s.on("data", () => {});
  return s;
};
const socks = { redis: await connect(REDIS_PORT), sink: await connect(sinkPort) };
const echo = (bytes) => Buffer.from(`*2\r\n$4\r\nECHO\r\n$${bytes}\r\n${"x".repeat(bytes)}\r\n`);
const med = (x) => [...x].sort((a, b) => a - b)[x.length >> 1];
for (const size of [400, 2000, 12000, 48000]) {
  const res = { redis: [], sink: [] };
  for (const k of ["redis", "sink", "sink", "redis"]) {
    const us = [];
    for (let i = 0; i < 300; i++) {
      const b = echo(size);
      const t = cpuUs();
      const flushed = socks[k].write(b);
      us.push(cpuUs() - t);
      if (!flushed) await new Promise((r) => socks[k].once("drain", r));
      await new Promise((r) => (GAP ? setTimeout(r, GAP) : setImmediate(r)));
    }
    res[k].push(med(us).toFixed(1));
  }
  console.log(`${size} B: redis ${res.redis.join(" / ")} µs, sink ${res.sink.join(" / ")} µs (median CPU a write, ${GAP ? `${GAP} ms apart` : "back to back"})`);
}
for (const s of Object.values(socks)) s.destroy();
sink.kill();
process.exit(0);
