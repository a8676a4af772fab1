import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Polled expectations wait long enough for a loaded CI machine (the default is 1 s).
    expect: { poll: { timeout: 10_000, interval: 50 } },
    globalSetup: ["test/support/global-setup.ts"],
  },
});
