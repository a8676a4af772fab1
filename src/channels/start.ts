import type { Loket } from "../app.js";

/**
 * Starts the channels and staff tools the configuration asks for. The web chat is always on
 * (registered by buildLoket); Telegram, WhatsApp and the staff console plug in here.
 */
export async function startChannels(loket: Loket): Promise<void> {
  void loket;
}
