import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { indexPut } from "../../src/runtime/applications.js";
import { launchChromium } from "../support/browser.js";
import type { TestLoketOptions } from "../support/loket.js";
import { PASSWORDS, startStaffWorld, type StaffWorld } from "./support.js";

/**
 * The staff console in Debian's Chromium (CHROMIUM_PATH) against a whole Loket on loopback, for
 * the `*.browser.test.ts` files: registers the `beforeAll` that starts the staff world (budi:
 * staff, sari: admin) and the browser, and the `afterAll` that stops both, in the `describe` it is
 * called in. Use it at the top of a `describe` and read `w` and `browser` inside the tests.
 *
 * ```ts
 * describe("the console", () => {
 *   const ui = consoleInBrowser();
 *   it("logs in", async () => {
 *     const page = await ui.loggedIn("sari");
 *   });
 * });
 * ```
 */
export interface ConsoleInBrowser {
  /** The staff world (set once `beforeAll` ran). */
  readonly w: StaffWorld;
  readonly browser: Browser;
  /**
   * A new page on the console, logged in as `username`, once the queue (or, `landing: "any"`, any
   * view the console reopens: a case, an application) shows.
   */
  loggedIn(username?: keyof typeof PASSWORDS, opts?: PageOptions): Promise<Page>;
  /** Fills and sends the login form on `page` (the console's login view), waiting for `view` to show. */
  logIn(page: Page, username?: keyof typeof PASSWORDS, view?: string): Promise<void>;
  /** An application stored as submitted, with its conversation's index (the console lists it). */
  putApplication(app: Application): Promise<void>;
}

export interface PageOptions {
  /** The page's size: a phone is `{ width: 390, height: 844 }`. Default: Playwright's. */
  viewport?: { width: number; height: number };
  /** The page's default timeout for selectors and actions, in ms. Default: Playwright's. */
  timeout?: number;
}

/** What the console shows after a login: the queue, or the case or application it reopens. */
const ANY_VIEW = "#view-queue:not([hidden]), #view-case:not([hidden]), #view-app:not([hidden])";

/** `world`: the test Loket's options (a pinned clock, a store), or a function giving them when the world starts. */
export function consoleInBrowser(world: TestLoketOptions | (() => TestLoketOptions) = {}): ConsoleInBrowser {
  let w: StaffWorld | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    w = await startStaffWorld(typeof world === "function" ? world() : world);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });
  const started = <T>(v: T | undefined, what: string): T => {
    if (!v) throw new Error(`consoleInBrowser: ${what} is read before beforeAll started it; read it inside a test`);
    return v;
  };
  const ui: ConsoleInBrowser = {
    get w() {
      return started(w, "the staff world");
    },
    get browser() {
      return started(browser, "the browser");
    },
    async logIn(page, username = "budi", view = "#view-queue:not([hidden])") {
      await page.fill("#username", username);
      await page.fill("#password", PASSWORDS[username]);
      await page.click("#login-form button[type=submit]");
      await page.waitForSelector(view === "any" ? ANY_VIEW : view);
    },
    async loggedIn(username = "budi", opts = {}) {
      const page = await ui.browser.newPage(opts.viewport ? { viewport: opts.viewport } : {});
      if (opts.timeout) page.setDefaultTimeout(opts.timeout);
      await page.goto(`${ui.w.base}/staff`);
      await ui.logIn(page, username);
      return page;
    },
    async putApplication(app) {
      const store = ui.w.t.loket.store;
      await store.put("applications", app.number, app);
      const idx = await indexPut(store, app.conversationId, app.number);
      await store.put(idx.collection, idx.key, idx.value);
    },
  };
  return ui;
}
