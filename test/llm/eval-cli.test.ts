import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";

const run = promisify(execFile);
let fake: FakeOpenAI;
let data: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  // The model "knows" one message the rules are unsure about; anything else it gets wrong.
  fake.otherwise((req) => {
    const user = String(req.body.messages.at(-1)?.content ?? "");
    return user.includes("kue basah")
      ? { json: { intent: "ask", permit: "spp-irt", aspect: "general" } }
      : { json: { intent: "out_of_scope", permit: null, aspect: null } };
  });
  data = join(mkdtempSync(join(tmpdir(), "loket-eval-")), "mini.jsonl");
  writeFileSync(
    data,
    [
      { text: "syarat imb apa aja", intent: "ask", permit: "pbg", aspect: "requirements" },
      { text: "saya bikin kue basah di rumah izinnya gmn", intent: "ask", permit: "spp-irt", aspect: "general" },
    ]
      .map((l) => JSON.stringify(l))
      .join("\n"),
  );
});
afterAll(() => fake.close());

function evalCli(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("LLM_")));
  return run(process.execPath, ["--import", "tsx", "src/cli/eval.ts", data, "--llm"], { env: { ...clean, ...env }, timeout: 60_000 });
}

describe("npm run eval -- --llm", () => {
  it("prints the deterministic figure and the figure with the model side by side", async () => {
    const { stdout } = await evalCli({ LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseURL, LLM_MODEL: "test-model", LLM_TIMEOUT_MS: "2000" });
    expect(stdout).toContain("Understanding (rules)");
    expect(stdout).toMatch(/Understanding \(rules\)[^\n]*\n {2}intent\+permit: 50\.0% \(1\/2\)/);
    expect(stdout).toMatch(/Understanding \(llm\)[^\n]*\n {2}intent\+permit: 100\.0% \(2\/2\)/);
    expect(stdout).toContain("Deterministic vs with model: intent+permit 50.0% -> 100.0%");
    expect(stdout).toMatch(/model calls: 1 \(ok 1,/);
  });

  it("without LLM_PROVIDER says no model is configured and exits 0 after the deterministic figures", async () => {
    const { stdout } = await evalCli({});
    expect(stdout).toMatch(/intent\+permit: 50\.0%/);
    expect(stdout).toContain("Language model: none configured");
    expect(stdout).not.toContain("Understanding (llm)");
  });
});
