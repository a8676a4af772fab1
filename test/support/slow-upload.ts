import { connect, type Socket } from "node:net";
import type { LoketProcess } from "./process.js";

/**
 * Opens a web conversation and starts an upload whose body never finishes arriving (a KTP scan
 * from a phone on a weak signal): a request Loket still has under way until it is cut off.
 */
export async function slowUpload(loket: LoketProcess): Promise<Socket> {
  const { conversationId, token } = (await (await fetch(`${loket.base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
  const url = new URL(loket.base);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((r) => socket.once("connect", () => r()));
  const boundary = "----loket";
  socket.write(
    `POST /api/conversations/${conversationId}/uploads HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 5000000\r\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ktp.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
  );
  socket.on("error", () => undefined);
  // A trickle, as from a phone on a weak signal: the request stays in flight.
  const trickle = setInterval(() => socket.writable && socket.write("0".repeat(100)), 200);
  socket.on("close", () => clearInterval(trickle));
  await new Promise((r) => setTimeout(r, 500));
  return socket;
}
