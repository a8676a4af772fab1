import { describe, expect, it } from "vitest";
import { npmParent, type Proc } from "../../src/npm-parent.js";

/**
 * Which processes Loket watches to notice that `npm start` is gone (src/npm-parent.ts), on a
 * made-up process table: the real ones are in npm-parent-gone.test.ts.
 */
const script = "node scripts/start.mjs";
const npmEnv = { npm_lifecycle_event: "start", npm_lifecycle_script: script };

/** A process table: pid -> [name, state, parent, command line]. */
function table(t: Record<number, [string, string, number, string[]]>): Proc {
  return (pid, file) => {
    const p = t[pid];
    if (!p) return undefined;
    return file === "cmdline" ? p[3].join("\0") + "\0" : `${pid} (${p[0]}) ${p[1]} ${p[2]} ${pid} 0 0`;
  };
}

describe("npmParent", () => {
  it("watches nothing when Loket was not started by npm (node dist/main.js, nohup included)", () => {
    expect(npmParent({}, () => 20, table({}))).toBeUndefined();
  });

  it("under npm's script shell: gone when the shell is adopted (npm killed), or npm died unreaped", () => {
    const procs: Record<number, [string, string, number, string[]]> = {
      10: ["npm start", "S", 1, ["npm", "start"]],
      20: ["sh", "S", 10, ["sh", "-c", script]],
    };
    let ppid = 20;
    const npm = npmParent(npmEnv, () => ppid, table(procs))!;
    expect(npm.gone()).toBe(false);
    procs[10] = ["npm start", "Z", 1, []];
    expect(npm.gone()).toBe(true);
    procs[10] = ["npm start", "S", 1, ["npm", "start"]];
    procs[20] = ["sh", "S", 1, ["sh", "-c", script]];
    expect(npm.gone()).toBe(true);
    procs[20] = ["sh", "S", 10, ["sh", "-c", script]];
    ppid = 1; // the shell is gone as well
    expect(npm.gone()).toBe(true);
  });

  it("npm as the direct parent (a shell that execs): what started npm going away is no reason to stop", () => {
    const procs: Record<number, [string, string, number, string[]]> = {
      5: ["bash", "S", 1, ["bash"]],
      10: ["npm start", "S", 5, ["npm", "start"]],
    };
    let ppid = 10;
    const npm = npmParent(npmEnv, () => ppid, table(procs))!;
    // `nohup npm start &` and the terminal closed: npm is adopted, and keeps Loket running.
    delete procs[5];
    procs[10] = ["npm start", "S", 1, ["npm", "start"]];
    expect(npm.gone()).toBe(false);
    ppid = 1;
    expect(npm.gone()).toBe(true);
  });

  it("a name with spaces and brackets in /proc/<pid>/stat is read past", () => {
    const procs: Record<number, [string, string, number, string[]]> = {
      10: ["npm (x) y", "S", 1, ["npm", "start"]],
      20: ["sh", "S", 10, ["sh", "-c", script]],
    };
    const npm = npmParent(npmEnv, () => 20, table(procs))!;
    expect(npm.gone()).toBe(false);
    procs[10] = ["npm (x) y", "Z", 1, []];
    expect(npm.gone()).toBe(true);
  });

  it("npm killed while Loket was still starting: the shell was already adopted when Loket looked, so npm is gone at once (only when npm ran the script)", () => {
    const procs: Record<number, [string, string, number, string[]]> = {
      1: ["systemd", "S", 0, ["/sbin/init"]],
      20: ["sh", "S", 1, ["sh", "-c", script]],
    };
    const byNpm = { ...npmEnv, npm_config_user_agent: "npm/11.19.1 node/v20.20.2 linux x64 workspaces/false" };
    expect(npmParent(byNpm, () => 20, table(procs))!.gone()).toBe(true);
    // Started by something a script started (a test runner's Loket processes inherit npm's
    // variables), not by npm's script shell: its parent is no npm, and that says nothing.
    const runner: Record<number, [string, string, number, string[]]> = { 1: procs[1]!, 30: ["node", "S", 1, ["node", "vitest", "run"]] };
    expect(npmParent(byNpm, () => 30, table(runner))!.gone()).toBe(false);
    // yarn and pnpm set npm_lifecycle_event too, with other command lines: not judged by them.
    expect(npmParent({ ...npmEnv, npm_config_user_agent: "yarn/1.22.22 npm/? node/v20.20.2 linux x64" }, () => 20, table(procs))!.gone()).toBe(false);
    // npm alive, as its command line shows it: its title, or node running npm-cli.js; npm as PID 1 (a container's CMD).
    for (const [pid, cmd] of [[10, ["npm", "start"]], [10, ["node", "/usr/lib/node_modules/npm/bin/npm-cli.js", "start"]], [1, ["npm start         "]]] as const) {
      const alive: Record<number, [string, string, number, string[]]> = { [pid]: ["npm start", "S", 0, [...cmd]], 20: ["sh", "S", pid, ["sh", "-c", script]] };
      expect(npmParent(byNpm, () => 20, table(alive))!.gone()).toBe(false);
    }
  });
});
