import { createWhatsAppChannel, type WhatsAppChannel, type WhatsAppChannelOptions } from "../../src/channels/whatsapp/adapter.js";
import type { TestLoket } from "../support/loket.js";
import type { FakeWhatsAppClient } from "./fake-client.js";

/**
 * The WhatsApp channel of a test Loket on a fake client, as the WhatsApp tests build it: sends
 * unthrottled, no real sleeping, reconnects within milliseconds; not started (the caller starts
 * it, or lets messages arrive "while Loket is down"). `extra` overrides any option (e.g. `store`).
 */
export function testChannel(t: TestLoket, client: FakeWhatsAppClient, extra: Partial<WhatsAppChannelOptions> = {}): WhatsAppChannel {
  return createWhatsAppChannel({
    client,
    runtime: t.loket.runtime,
    logger: t.loket.logger,
    messages: t.loket.messages.get("id")!,
    languages: t.loket.messages,
    uploadMaxBytes: t.config.UPLOAD_MAX_BYTES,
    sendPerSecond: 1000,
    sleep: async () => undefined,
    reconnect: { initialMs: 1, maxMs: 5 },
    ...extra,
  });
}
