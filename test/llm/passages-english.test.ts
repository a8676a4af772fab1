import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { passagesFor } from "../../src/llm/passages.js";

// english3: the model answering an English question read the permit's passage in Indonesian
// (documents "Bukti kepemilikan tanah", steps "Unggah dokumen … ke SIMBG"), and named them so.
describe("passages in the conversation's language", async () => {
  const kb = await loadKnowledge("knowledge");
  it("an English conversation's passage names documents, steps, validity and legal basis in English", () => {
    const [p] = passagesFor(kb, ["pbg"], 2, "en");
    expect(p!.text).toContain("Proof of land ownership");
    expect(p!.text).toContain("Upload the administrative and technical documents to SIMBG.");
    expect(p!.text).toContain("An old IMB stays valid");
    expect(p!.text).toContain("UU 28/2002 on Buildings");
    expect(p!.text).not.toMatch(/Bukti kepemilikan|Unggah dokumen|tentang Bangunan|Dalam data kami/);
    expect(p!.source).toBe("knowledge/permits/pbg.md");
  });
  it("an Indonesian conversation's passage is as the file is written", () => {
    const [p] = passagesFor(kb, ["pbg"]);
    expect(p!.text).toContain("Bukti kepemilikan tanah");
    expect(p!.text).not.toContain("Proof of land ownership");
    expect(passagesFor(kb, ["pbg"], 2, "id")[0]!.text).toBe(p!.text);
  });
});
