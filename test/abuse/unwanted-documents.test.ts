import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { answerFor } from "../support/citizen.js";
import { fixtures } from "../support/fixtures.js";
import { createTestLoket, sendVia } from "../support/loket.js";

const shaOf = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/**
 * A document nothing asked for is not kept. Deciding that once read every application and every
 * document record the office had (3.7–4.2 s per such upload at 50,000 applications on Redis, the
 * Node process busy parsing meanwhile); a file of bytes no file had before nothing else can hold.
 */
describe("a document nothing asked for", () => {
  it("goes without reading every application or document record when its bytes were new", async () => {
    const t = await createTestLoket();
    try {
      const listed: string[] = [];
      const list = t.loket.store.list.bind(t.loket.store);
      t.loket.store.list = ((collection: Parameters<typeof list>[0]) => {
        listed.push(collection);
        return list(collection);
      }) as typeof list;
      const id = "whatsapp:6281234500011@c.us";
      await sendVia(t, id)({ file: fixtures.png, filename: "ktp.png" });
      expect(await t.loket.files.get(shaOf(fixtures.png))).toBeNull();
      expect(listed.filter((c) => c === "applications" || c === "document_refs")).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it("stays when another conversation already holds the same bytes", async () => {
    const t = await createTestLoket();
    try {
      // One conversation files the document where its form asks for it ...
      const a = "whatsapp:6281234500012@c.us";
      let replies = await sendVia(t, a)({ text: "saya mau mengajukan izin reklame" });
      for (let turn = 0; replies.at(-1)?.expects?.kind !== "file"; turn++) {
        const next = answerFor(replies[replies.length - 1]);
        if (!next || "file" in next || turn > 60) throw new Error("the application never asked for a document");
        replies = await sendVia(t, a)(next);
      }
      await sendVia(t, a)({ file: fixtures.png, filename: "ktp.png" });
      // ... another sends the same bytes when nothing asks for a document: not theirs to delete.
      await sendVia(t, "web:unwanted-twin")({ file: fixtures.png, filename: "ktp.png" });
      expect(await t.loket.files.get(shaOf(fixtures.png))).not.toBeNull();
    } finally {
      await t.close();
    }
  });
});
