import { chromium, type Browser } from "playwright-core";
import { createTestLoket, type TestLoket, type TestLoketOptions } from "./loket.js";

/** Debian's Chromium (CHROMIUM_PATH), headless, without the background traffic a test does not need. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** Starts a test Loket's HTTP server on a free loopback port; its base URL. */
export async function listening(t: TestLoket): Promise<string> {
  await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = t.loket.app.server.address();
  return `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
}

/**
 * A browser test's pair: a test Loket (SQLite unless told) listening on loopback and Debian's
 * Chromium; `close` ends both. Made in a `beforeAll`, closed in its `afterAll`.
 */
export async function loketWithChromium(opts: TestLoketOptions = { store: "sqlite" }): Promise<{ t: TestLoket; base: string; browser: Browser; close: () => Promise<void> }> {
  const t = await createTestLoket(opts);
  const base = await listening(t);
  const browser = await launchChromium();
  return {
    t,
    base,
    browser,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}
