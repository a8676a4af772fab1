import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * The message route's body check, on a conversation whose token is already verified (the route's
 * quick path): every body the schema refuses is refused with the same reasons, every body it
 * takes is taken, whatever the order of its keys.
 */
describe("web message bodies", () => {
  let t: TestLoket;
  let base: string;
  let c: { conversationId: string; token: string };

  beforeAll(async () => {
    t = await createTestLoket();
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    c = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as typeof c;
    // The token is verified (and remembered) by a first message.
    expect((await post({ text: "halo" })).status).toBe(200);
  });
  afterAll(async () => t.close());

  const post = (body: unknown, id = c.conversationId) =>
    fetch(`${base}/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` },
      body: JSON.stringify(body),
    });

  it("refuses what the schema refuses, with its reasons", async () => {
    // The reasons zod gives for each (the route's schema, before its quick path).
    const refused: [unknown, string[]][] = [
      [{ text: "halo", extra: 1 }, ['Unrecognized key: "extra"']],
      [{ text: "halo", choice: "menu" }, ["Invalid input"]],
      [{ text: "" }, ["text must not be empty"]],
      [{ text: 5 }, ["Invalid input"]],
      [{ text: "halo", messageId: "m".repeat(101) }, ["Too big: expected string to have <=100 characters"]],
      [{ messageId: "m-1", text: "halo", other: null }, ['Unrecognized key: "other"']],
      [{ text: "halo", messageId: 7 }, ["Invalid input"]],
      [{ text: "halo", messageId: null }, ["Invalid input"]],
      [{ choice: "" }, ["Too small: expected string to have >=1 characters"]],
      [{ choice: "c".repeat(201) }, ["Too big: expected string to have <=200 characters"]],
      [{ choice: "menu", messageId: "m".repeat(101) }, ["Too big: expected string to have <=100 characters"]],
      [["halo"], ["Invalid input"]],
      [{}, ["Invalid input"]],
      ["halo", ["Invalid input"]],
    ];
    for (const [body, details] of refused) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const got = (await res.json()) as { error: string; details: string[] };
      expect(got.error).toBe("body must be { text } or { choice }");
      expect(got.details, JSON.stringify(body)).toEqual(details);
    }
    // Nothing refused was taken as a turn.
    const lines = await t.loket.store.transcript(`web:${c.conversationId}`);
    expect(lines.filter((l) => l.from === "citizen").map((l) => l.text)).toEqual(["halo"]);
  });

  it("takes what the schema takes, in any key order", async () => {
    expect((await post({ messageId: "m".repeat(100), text: "jam buka" })).status).toBe(200);
    expect((await post({ text: "x".repeat(1), messageId: "m-2" })).status).toBe(200);
    expect((await post({ choice: "c".repeat(200) })).status).toBe(200);
    expect((await post({ messageId: "m-3", choice: "menu" })).status).toBe(200);
    const lines = await t.loket.store.transcript(`web:${c.conversationId}`);
    expect(lines.filter((l) => l.from === "citizen")).toHaveLength(5);
  });

  it("refuses a verified token on another id, written otherwise or not an id", async () => {
    expect((await post({ text: "halo" }, c.conversationId.toUpperCase())).status).toBe(403);
    expect((await post({ text: "halo" }, `${c.conversationId}x`)).status).toBe(403);
    expect((await post({ text: "halo" }, "not-a-uuid")).status).toBe(403);
  });
});
