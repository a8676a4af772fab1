import { get } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listening } from "../support/browser.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * perf18 (2026-12-03, issue #9): the chat page's brotli form (~60-140 ms of CPU at its best
 * quality) was made at every start, before Loket said it was ready. It is now made the first time
 * a browser asks for it, off the event loop; meanwhile the page goes gzip, or plain to a client
 * that takes neither. Whichever form, the same page with the same ETag.
 */
function raw(url: string, encoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((done, fail) => {
    get(url, { headers: { "accept-encoding": encoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on("error", fail);
    }).on("error", fail);
  });
}

const decoded = (r: { headers: Record<string, string | string[] | undefined>; body: Buffer }) =>
  (r.headers["content-encoding"] === "br" ? brotliDecompressSync(r.body) : r.headers["content-encoding"] === "gzip" ? gunzipSync(r.body) : r.body).toString("utf8");

describe("the chat page's brotli form is made when first asked for, not at start (perf18)", () => {
  let t: TestLoket;
  let base: string;
  beforeAll(async () => {
    t = await createTestLoket({ store: "memory" });
    base = await listening(t);
  });
  afterAll(async () => t.close());

  it("the first browser asking for brotli gets gzip, a later one brotli: the same page and ETag", async () => {
    const plain = await raw(`${base}/`, "identity");
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const page = plain.body.toString("utf8");
    expect(page).toContain(`<small id="office">Asisten layanan perizinan · ${t.loket.knowledge.office.shortName}</small>`);

    const first = await raw(`${base}/`, "gzip, deflate, br");
    expect(first.status).toBe(200);
    expect(first.headers["content-encoding"]).toBe("gzip");
    expect(decoded(first)).toBe(page);
    expect(first.headers.etag).toBe(plain.headers.etag);

    let later = await raw(`${base}/`, "gzip, deflate, br");
    for (let i = 0; i < 500 && later.headers["content-encoding"] !== "br"; i++) {
      await new Promise((r) => setTimeout(r, 20));
      later = await raw(`${base}/`, "gzip, deflate, br");
    }
    expect(later.headers["content-encoding"]).toBe("br");
    expect(later.body.length).toBeLessThan(first.body.length);
    expect(decoded(later)).toBe(page);
    expect(later.headers.etag).toBe(plain.headers.etag);
    expect(later.headers.vary).toBe("accept-encoding");
  });

  it("a client taking only brotli is never sent a form it did not ask for", async () => {
    const r = await raw(`${base}/`, "br");
    expect(r.status).toBe(200);
    expect([undefined, "br"]).toContain(r.headers["content-encoding"]);
    expect(decoded(r)).toContain("<title>");
  });

  it("a page still held (If-None-Match) is 304 whatever the encoding asked", async () => {
    const { headers } = await raw(`${base}/`, "identity");
    const again = await new Promise<number>((done, fail) => {
      get(`${base}/`, { headers: { "accept-encoding": "br", "if-none-match": String(headers.etag) } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      }).on("error", fail);
    });
    expect(again).toBe(304);
  });
});

describe("a coding refused with q=0 is not sent (2026-12-03)", () => {
  let t: TestLoket;
  let base: string;
  beforeAll(async () => {
    t = await createTestLoket({ store: "memory" });
    base = await listening(t);
  });
  afterAll(async () => t.close());

  it("br;q=0 and gzip;q=0 get the plain page; * takes a compressed form; q=0.5 still counts", async () => {
    const warm = await raw(`${base}/`, "br");
    for (let i = 0; i < 500 && (await raw(`${base}/`, "br")).headers["content-encoding"] !== "br"; i++) await new Promise((r) => setTimeout(r, 20));
    const page = decoded(warm);
    const noBr = await raw(`${base}/`, "gzip, br;q=0");
    expect(noBr.headers["content-encoding"]).toBe("gzip");
    expect(decoded(noBr)).toBe(page);
    const none = await raw(`${base}/`, "br;q=0, gzip;q=0");
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(none.body.toString("utf8")).toBe(page);
    expect((await raw(`${base}/`, "identity, *;q=0.1")).headers["content-encoding"]).toBe("br");
    expect((await raw(`${base}/`, "BR;q=0.5")).headers["content-encoding"]).toBe("br");
  });
});
