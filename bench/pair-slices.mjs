// Two sides measured slice by slice, alternating which goes first (bench/pair-pipeline.mjs,
// bench/pair-telegram.mjs): 3 warm-up slices each, then `slices` rounds; each side's `run()` returns
// its CPU per message for one slice. Gives each one's median and the median of the ratios B / A.
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
export async function pairSlices(sides, slices) {
  for (let w = 0; w < 3; w++) for (const s of sides) await s.run();
  const a = [], b = [], ratio = [];
  for (let s = 0; s < slices; s++) { const us = []; for (const o of s % 2 ? [1, 0] : [0, 1]) us[o] = await sides[o].run(); a.push(us[0]); b.push(us[1]); ratio.push(us[1] / us[0]); }
  return `A ${med(a).toFixed(1)}, B ${med(b).toFixed(1)}, B/A median ${med(ratio).toFixed(3)} (${Math.min(...ratio).toFixed(2)}–${Math.max(...ratio).toFixed(2)}), ${slices} slices`;
}
