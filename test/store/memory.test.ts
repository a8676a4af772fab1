import { createMemoryStore } from "../../src/store/memory.js";
import { pinnedClock, storeContract } from "./contract.js";

storeContract("memory", {
  make: async () => createMemoryStore(),
  withTtl: async (ttlMs) => {
    const clock = pinnedClock();
    return { store: createMemoryStore({ now: clock.now, conversationTtlDays: ttlMs / 86_400_000 }), pass: clock.pass };
  },
});
