// Courtesies beside a greeting (each misread at dee554e).
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createUnderstander } from "../../src/engine/understand/index.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);

describe("🙏 is politeness beside a greeting, thanks alone or beside thanks", () => {
  // Read as "terima kasih" before, so a citizen opening with "halo min 🙏" got a goodbye.
  it.each(["halo min 🙏", "assalamualaikum kak 🙏", "pagi kak 🙏"])("greets: %s", (t) => {
    expect(u.understand(t).intent).toBe("greeting");
  });
  it.each(["🙏", "🙏🙏", "makasih kak 🙏", "ok 🙏", "baik bu 🙏"])("thanks: %s", (t) => {
    expect(u.understand(t).intent).toBe("thanks");
  });
});
