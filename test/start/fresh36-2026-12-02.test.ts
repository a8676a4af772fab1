import { describe, expect, it } from "vitest";
import { unknownSettings } from "../../src/config.js";

/**
 * fresh36 (a first hour with Loket, 2026-12-02): an operator setting the office up from the
 * environment (OFFICE_NAME=..., STAFF_CHAT_ID=... for the staff group) got no word at start: the
 * variables were ignored in silence, and the web chat went on greeting citizens for another office.
 */
describe("variables an operator guesses for the office, staff and Telegram (fresh36)", () => {
  it("says where the office and staff accounts are set instead of ignoring them in silence", () => {
    const found = unknownSettings({ OFFICE_NAME: "DPMPTSP Blora", OFFICE_HOURS: "08:00-15:30", ADMIN_PASSWORD: "rahasia", PATH: "/usr/bin", HOME: "/root" });
    expect(found.map((u) => u.name)).toEqual(["ADMIN_PASSWORD", "OFFICE_HOURS", "OFFICE_NAME"]);
    expect(found.find((u) => u.name === "OFFICE_NAME")?.instead).toContain("knowledge/office.yaml");
    expect(found.find((u) => u.name === "ADMIN_PASSWORD")?.instead).toContain("npm run staff -- add");
  });

  it("names the setting meant by its last words alone or after the app's name", () => {
    const found = unknownSettings({ STAFF_CHAT_ID: "-1001234567890", BOT_TOKEN: "123:abc", LOKET_PORT: "3000", PATH: "/usr/bin" });
    expect(Object.fromEntries(found.map((u) => [u.name, u.meant]))).toEqual({ STAFF_CHAT_ID: "TELEGRAM_STAFF_CHAT_ID", BOT_TOKEN: "TELEGRAM_BOT_TOKEN", LOKET_PORT: "PORT" });
  });
});
