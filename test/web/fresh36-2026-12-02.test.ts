import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOffice } from "../../src/http.js";
import { listening } from "../support/browser.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * fresh36 (a first hour with Loket, 2026-12-02): the chat page said "Asisten layanan perizinan ·
 * DPMPTSP" and "Loket — Layanan Perizinan" whatever office ran it, so a citizen who opened a link
 * shared on WhatsApp, or the page framed on the office site, saw no office's name.
 */
describe("the web chat page names the office (fresh36)", () => {
  let t: TestLoket;
  let base: string;
  beforeAll(async () => {
    t = await createTestLoket({ store: "memory" });
    base = await listening(t);
  });
  afterAll(async () => t.close());

  it("shows knowledge/office.yaml's short name in the header and the title, served compressed too", async () => {
    const office = t.loket.knowledge.office.shortName;
    expect(office).toBe("DPMPTSP Kab. Rembang");
    const plain = await (await fetch(`${base}/`, { headers: { "accept-encoding": "identity" } })).text();
    expect(plain).toContain(`<small id="office">Asisten layanan perizinan · ${office}</small>`);
    expect(plain).toMatch(new RegExp(`<title>[^<]*${office.replace(/\./g, "\\.")}</title>`));
    const res = await fetch(`${base}/`, { headers: { "accept-encoding": "gzip" } });
    expect(await res.text()).toContain(`· ${office}</small>`);
    expect(res.headers.get("etag")).toBeTruthy();
  });

  it("escapes a name with HTML's own characters, and leaves the page as it is without one", () => {
    const page = `<title>Loket — Layanan Perizinan</title><small id="office">Asisten layanan perizinan · DPMPTSP</small>`;
    expect(withOffice(page, `DPMPTSP "A" & <B>`)).toContain(`· DPMPTSP &quot;A&quot; &amp; &lt;B&gt;</small>`);
    expect(withOffice(page, "  ")).toBe(page);
  });
});
