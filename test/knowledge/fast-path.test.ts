import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * Start-up reads the shipped knowledge, flows and messages with js-yaml only: the `yaml` package
 * (positions for `file:line`) costs ~190 ms cold and is for error messages. A line looked up
 * eagerly on the happy path (a `when:` check did) loads it at every start.
 */
describe("start-up YAML fast path", () => {
  it("loads the shipped files without the position-keeping parser", () => {
    const script = `
      import { createRequire } from "node:module";
      const { loadKnowledge } = await import("./src/knowledge/load.ts");
      const { validateFlows } = await import("./src/engine/flows/load.ts");
      const { loadMessages } = await import("./src/text/messages.ts");
      await loadKnowledge("knowledge");
      const flows = await validateFlows("flows");
      await loadMessages("messages");
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => /[\\\\/]node_modules[\\\\/]yaml[\\\\/]/.test(f));
      console.log(JSON.stringify({ issues: flows.issues.length, yaml: loaded.length }));
    `;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ issues: 0, yaml: 0 });
  }, 30_000);
});
