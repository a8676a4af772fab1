import type { Application } from "../../src/domain/records.js";

/** A submitted application as the runtime stores it ("received", just now), with what a test changes. */
export function applicationRecord(a: Pick<Application, "number" | "permit" | "conversationId"> & Partial<Application>): Application {
  const at = new Date().toISOString();
  return {
    channel: "web",
    fields: {},
    documents: {},
    phoneLast4: "7890",
    status: "received",
    history: [{ status: "received", at, by: "loket" }],
    submittedAt: at,
    updatedAt: at,
    ...a,
  };
}
