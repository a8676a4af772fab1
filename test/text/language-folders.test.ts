import { renameSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { languageFolderIssues, loadMessages } from "../../src/text/messages.js";
import { clerkCopies } from "../support/clerk-copy.js";

describe("language folders of messages/", () => {
  const copies = clerkCopies();

  it("a folder named in capitals (messages/EN) is said to be never used, with the name to give it; the language it meant is said to have no folder", async () => {
    const dir = copies.copy("messages");
    renameSync(join(dir, "en"), join(dir, "EN"));
    const kb = await loadKnowledge("knowledge");
    const issues = await languageFolderIssues((await loadMessages(dir)).keys(), Object.keys(kb.language?.languages ?? {}), "messages", "knowledge");
    expect(issues.map((i) => `${i.file}:${i.line}: ${i.message}`)).toEqual([
      expect.stringMatching(/^messages\/EN:1: no language "EN" in knowledge\/understanding\.yaml \(languages:\).*rename the folder to en$/),
      expect.stringMatching(/^knowledge\/understanding\.yaml:\d+: language "en" has no folder messages\/en: its citizens are answered in Indonesian$/),
    ]);
    expect(issues.every((i) => i.warning)).toBe(true);
    expect(issues[1]!.line).toBeGreaterThan(1);
  });

  it("the shipped folders match the recognised languages", async () => {
    const kb = await loadKnowledge("knowledge");
    expect(await languageFolderIssues((await loadMessages("messages")).keys(), Object.keys(kb.language?.languages ?? {}), "messages", "knowledge")).toEqual([]);
  });
});
