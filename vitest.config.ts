import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // vitest's default is one worker fewer than the cores: one worker on the 2-core machines Loket's
    // CI runs on, the other core idle. Two there (the conversation suite is split over
    // test/conversations/run-<n>.test.ts for this), one fewer than the cores on bigger machines.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Polled expectations wait long enough for a loaded CI machine (the default is 1 s).
    expect: { poll: { timeout: 10_000, interval: 50 } },
    globalSetup: ["test/support/global-setup.ts"],
  },
});
