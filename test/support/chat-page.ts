import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * A citizen on the web chat page, for browser tests: what the bot said last, typing, tapping, and
 * answering an application's questions with made-up data. `page` is read at every call: a test
 * may close its page and open another (a phone ending the tab).
 */
export function citizenOn(page: () => Page, timeout = 10_000) {
  const lastBot = () => page().locator(".msg.bot").last().textContent();
  const botCount = () => page().locator(".msg.bot").count();
  /** Waits until the bot has said something new after `before` messages. */
  const waitForBot = async (before: number) => {
    await expect
      .poll(botCount, { timeout, message: `the bot said nothing new; page so far:\n${(await page().locator(".msg").allTextContents()).slice(-6).join("\n--\n")}` })
      .toBeGreaterThan(before);
    await expect.poll(() => page().locator("#status").textContent()).toBe("");
  };
  const type = async (text: string) => {
    const before = await botCount();
    await page().fill("#text", text);
    await page().click("#send");
    await waitForBot(before);
  };
  const tapFirst = async () => {
    const before = await botCount();
    await page().locator(".choices").last().locator("button:not([disabled])").first().click();
    await waitForBot(before);
  };
  /** Answers a question by the kind of input it expects (the page marks it on the bubble); not a document. */
  const answer = async (kind: string | null, field: string | null) => {
    if (kind === "choice" || kind === "confirm") await tapFirst();
    else if (kind === "nik") await type("3317014508900002");
    else if (kind === "phone") await type("081234567890");
    else if (kind === "email") await type("lewati");
    else if (kind === "number") await type("2");
    else if (field === "nama") await type("Siti Rahmawati");
    else await type("Jl. Pemuda No. 10, Sumber, Rembang");
  };
  /** Asks to apply for `permit` and answers the application's questions until it asks for a document. */
  const untilDocumentQuestion = async (permit = "izin reklame") => {
    await type(`saya mau mengajukan ${permit}`);
    for (let i = 0; i < 30; i++) {
      const last = page().locator(".msg.bot").last();
      const kind = await last.getAttribute("data-kind");
      if (kind === "file") return;
      await answer(kind, await last.getAttribute("data-field"));
    }
    throw new Error("no document question");
  };
  return { lastBot, botCount, waitForBot, type, tapFirst, answer, untilDocumentQuestion };
}
