import { describe, expect, it } from "vitest";
import { startStaffWorld } from "../staff/support.js";

describe("stopping with event streams open", () => {
  it("ends the citizen's and the staff console's event streams instead of waiting for the browsers to leave", async () => {
    const w = await startStaffWorld();
    await w.citizen(); // a chat tab's stream
    const staff = await w.login();
    await staff.events(); // the console's stream
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("stopping waited for the open event streams")), 5000);
    });
    await Promise.race([w.t.close(), waited]);
    clearTimeout(timer);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
