import { readFileSync } from "node:fs";
/** The benchmarks' summaries: the median of several runs, and "median (min–max)". */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const fmt = (xs: number[], digits = 0): string => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
/**
 * A thread's time on a CPU and time runnable but waiting for one, µs, from /proc/<pid>/schedstat
 * (Linux; zeros elsewhere). For a process, its main thread: Node's event loop. A server idle
 * through a slice either had no requests (the load generator or the network held them) or waited
 * for its core (another process had it): the wait tells them apart.
 */
export function schedstat(pid: number | "self" = "self"): { runUs: number; waitUs: number } {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ").map(Number);
    return { runUs: run! / 1000, waitUs: wait! / 1000 };
  } catch {
    return { runUs: 0, waitUs: 0 };
  }
}
