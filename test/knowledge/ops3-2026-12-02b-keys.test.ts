import { describe, expect, it } from "vitest";
import { clerkFolders } from "../support/clerk-check.js";

/**
 * Held-out acceptance (ops3, 2026-12-02b): a clerk's first afternoon, a key written in Indonesian
 * (or misspelt) where Loket needs one: one line, at the line the clerk wrote, saying the key to
 * write; not a second line saying the key is "missing" somewhere above. Written before the change;
 * first run on the unchanged code (c465e1e): see the commit message.
 */
describe("a key written in Indonesian: one line, the key to write (ops3)", () => {
  const copy = clerkFolders("loket-ops3y-");
  const { edit, errors } = copy;

  it("1: office.yaml 'alamat:' for 'address:': one error, at its line, naming address", async () => {
    const line = await edit("knowledge/office.yaml", "\naddress:", "\nalamat:");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "knowledge/office.yaml", line });
    expect(all[0]!.message).toMatch(/write address: instead of alamat:/);
  });
  it("2: a permit's 'nama:' for 'name:': one error, at its line, naming name", async () => {
    const line = await edit("knowledge/permits/sppl.md", "\nname: ", "\nnama: ");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "knowledge/permits/sppl.md", line });
    expect(all[0]!.message).toMatch(/write name: instead of nama:/);
  });
  it("3: a flow's 'langkah:' for 'steps:': one error, at its line, naming steps", async () => {
    const line = await edit("flows/status.yaml", "\nsteps:", "\nlangkah:");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "flows/status.yaml", line });
    expect(all[0]!.message).toContain('"steps"');
  });
  it("4: a flow's 'deskripsi:' for 'description:': one error naming description", async () => {
    await edit("flows/status.yaml", "\ndescription:", "\ndeskripsi:");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]!.message).toContain('"description"');
  });
  it("5: a misspelt 'adress:' (one letter): one error naming address", async () => {
    await edit("knowledge/office.yaml", "\naddress:", "\nadress:");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]!.message).toContain('"address"');
  });
});
