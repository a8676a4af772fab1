import { readFileSync } from "node:fs";

/** Tells whether the npm process that started Loket is gone. */
export interface NpmParent {
  gone(): boolean;
}

/**
 * `npm start` runs `sh -c "node scripts/start.mjs"` (Debian's sh does not exec the command), so
 * Loket is npm's grandchild. A service manager or an operator that kills the npm process alone
 * left Loket running, holding the port and DATA_DIR: npm passes SIGTERM to the shell only, and
 * SIGKILL reaches nobody else. Linux tells a process nothing when its parent dies, except that
 * it is adopted: its parent's id changes. So the ids are noted here, at start, and `gone()`
 * compares them (process.ppid, and /proc/<pid>/stat of the shell and npm: cheap to call each second).
 *
 * Only under an npm script (`npm_lifecycle_event` set): `nohup node dist/main.js &` from a shell
 * that then exits is meant to keep running, and so is `nohup npm start &`. Returns undefined
 * when not started by npm. Without /proc (not Linux) only the direct parent is watched.
 *
 * @example
 * const npm = npmParent(); // first thing, before anything slow
 * setInterval(() => npm?.gone() && stop(), 1_000).unref();
 */
export function npmParent(env: NodeJS.ProcessEnv = process.env, ppid = () => process.ppid, proc: Proc = readProc): NpmParent | undefined {
  if (!env.npm_lifecycle_event) return undefined;
  const parent = ppid();
  // npm's script shell, `sh -c <script>`, between npm and Loket: npm is the one above it.
  const args = proc(parent, "cmdline")?.split("\0").filter(Boolean) ?? [];
  const viaShell = !!env.npm_lifecycle_script && args.at(-2) === "-c" && args.at(-1) === env.npm_lifecycle_script;
  const npm = viaShell ? stat(proc, parent)?.ppid : parent;
  // npm killed while Loket was still starting (scripts/start.mjs building dist/, loading it: up
  // to ~2 s): the shell (or Loket) was adopted before this ran, and what is above it now is not
  // npm. Only told apart when npm ran the script (its user agent): yarn and pnpm set
  // npm_lifecycle_event too, under other command lines. And only right under npm's script shell:
  // npm's variables are inherited by whatever a script starts (a test runner's Loket processes),
  // whose parent is no npm.
  const lostAtStart = viaShell && !!env.npm_config_user_agent?.startsWith("npm/") && npm !== undefined && !isNpm(proc(npm, "cmdline"));
  return {
    gone() {
      if (lostAtStart) return true;
      if (ppid() !== parent) return true; // adopted: the shell (or npm) is gone
      // A parent that died but nobody reaped yet (a zombie) still holds its id.
      const shell = stat(proc, parent);
      if (shell?.state === "Z") return true;
      if (!viaShell || npm === undefined) return false;
      if (shell && shell.ppid !== npm) return true; // the shell was adopted: npm is gone
      return stat(proc, npm)?.state === "Z";
    },
  };
}

/** An npm process's command line: `npm start` (npm sets its title), or `node …/npm-cli.js start`; "" for a zombie. */
const isNpm = (cmdline: string | undefined): boolean => cmdline !== undefined && /(^|[\s\0/])npm(-cli\.js)?([\s\0]|$)/.test(cmdline);

/** Reads /proc/<pid>/<file>, or undefined (gone, or no /proc). */
export type Proc = (pid: number, file: "stat" | "cmdline") => string | undefined;

const readProc: Proc = (pid, file) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
};

/** State letter and parent id from /proc/<pid>/stat, whose second field (the name, in brackets) may hold spaces. */
function stat(proc: Proc, pid: number): { state: string; ppid: number } | undefined {
  const s = proc(pid, "stat");
  if (!s) return undefined;
  const [state, ppid] = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return state && ppid ? { state, ppid: Number(ppid) } : undefined;
}
