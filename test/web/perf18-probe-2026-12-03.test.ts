import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listening } from "../support/browser.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/** perf18's probe (written after the change): the chat page in its compressed forms, asked in ways the acceptance did not. */
function raw(url: string, headers: Record<string, string>, method = "GET"): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(url, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}
const text = (r: { headers: Record<string, string | string[] | undefined>; body: Buffer }) =>
  (r.headers["content-encoding"] === "br" ? brotliDecompressSync(r.body) : r.headers["content-encoding"] === "gzip" ? gunzipSync(r.body) : r.body).toString("utf8");

describe("perf18 probe: the chat page compressed", () => {
  let t: TestLoket;
  let base: string;
  beforeAll(async () => {
    t = await createTestLoket({ store: "memory" });
    base = await listening(t);
  });
  afterAll(async () => t.close());

  it("twenty phones opening the page at once right after start all get the whole page", async () => {
    const page = text(await raw(`${base}/`, { "accept-encoding": "identity" }));
    const all = await Promise.all(Array.from({ length: 20 }, () => raw(`${base}/`, { "accept-encoding": "gzip, deflate, br, zstd" })));
    for (const r of all) {
      expect(r.status).toBe(200);
      expect(["gzip", "br"]).toContain(r.headers["content-encoding"]);
      expect(text(r)).toBe(page);
    }
  });

  it("a browser asking gzip only is never sent brotli, even once brotli is made", async () => {
    for (let i = 0; i < 50; i++) {
      const b = await raw(`${base}/`, { "accept-encoding": "br" });
      if (b.headers["content-encoding"] === "br") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const r = await raw(`${base}/`, { "accept-encoding": "gzip" });
    expect(r.headers["content-encoding"]).toBe("gzip");
    expect(text(r)).toContain("</html>");
  });

  it("HEAD / says the same type and ETag as GET without a body", async () => {
    const g = await raw(`${base}/`, { "accept-encoding": "identity" });
    const h = await raw(`${base}/`, { "accept-encoding": "identity" }, "HEAD");
    expect(h.status).toBe(200);
    expect(h.body.length).toBe(0);
    expect(h.headers.etag).toBe(g.headers.etag);
    expect(String(h.headers["content-type"])).toMatch(/text\/html/);
  });

  it("the brotli page is smaller than gzip and decodes to the office's page", async () => {
    let b = await raw(`${base}/`, { "accept-encoding": "br" });
    for (let i = 0; i < 100 && b.headers["content-encoding"] !== "br"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      b = await raw(`${base}/`, { "accept-encoding": "br" });
    }
    const g = await raw(`${base}/`, { "accept-encoding": "gzip" });
    expect(b.headers["content-encoding"]).toBe("br");
    expect(b.body.length).toBeLessThan(g.body.length);
    expect(text(b)).toContain(`· ${t.loket.knowledge.office.shortName}</small>`);
  });
});
