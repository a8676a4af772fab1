/** The benchmarks' message mix: questions about permits, the menu, office information, greetings. */
export const MIX = ["syarat imb apa aja", "biaya sip bidan brp", "berapa lama proses nib", "halo", "menu", "jam buka kantor", "pbg berlaku brp lama", "terima kasih"];
/**
 * What a load slice sends: Loket's web API, the echo route, the stored-turn floor (bench/server.ts),
 * Loket's Telegram webhook, the grammY echo bot.
 */
export type Mode = "loket" | "echo" | "floor" | "tg-loket" | "tg-echo";
