// `npm start`: runs Loket compiled (dist/main.js), building dist/ first when it is missing or
// was built from other sources than src/ holds now. Plain JavaScript starts ~0.4 s sooner than running the TypeScript through tsx
// and spends a little less CPU per message (see README, Benchmarks).
import { build, isStale } from "./build.mjs";

if (isStale()) {
  const t = performance.now();
  await build();
  console.error(`Loket: compiled src/ to dist/ in ${Math.round(performance.now() - t)} ms`);
}
await import("../dist/main.js");
