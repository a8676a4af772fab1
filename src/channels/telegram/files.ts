import { GrammyError, type Api } from "grammy";
import type { FileFetcher } from "./inbound.js";

export interface FileFetcherOptions {
  api: Api;
  /** Bot API base URL (TELEGRAM_API_ROOT); downloads come from `${apiRoot}/file/bot<token>/<file_path>`. */
  apiRoot: string;
  token: string;
  fetch?: typeof fetch;
  /** Give up on getFile, and on a download, after this long each (default 60 s). */
  timeoutMs?: number;
}

/**
 * getFile + download from the configured API root, reading at most `maxBytes + 1` bytes so a
 * file that lied about its size is still cut off. The URL carries the bot token: it is never
 * logged, and errors thrown from here carry only a name.
 */
export function createFileFetcher(opts: FileFetcherOptions): FileFetcher {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return {
    async locate(fileId) {
      try {
        // grammY's own bound is its client timeout (500 s by default): a Bot API server that
        // accepted the call and never answered held the chat (its later messages) that long.
        const f = await opts.api.getFile(fileId, AbortSignal.timeout(timeoutMs) as unknown as Parameters<Api["getFile"]>[1]);
        if (!f.file_path) throw new DownloadError("no file_path");
        return { path: f.file_path, ...(f.file_size !== undefined ? { size: f.file_size } : {}) };
      } catch (err) {
        if (err instanceof GrammyError && /too big/i.test(err.description)) return "too_big";
        throw err;
      }
    },
    async download(path, maxBytes) {
      const url = `${opts.apiRoot}/file/bot${opts.token}/${path.split("/").map(encodeURIComponent).join("/")}`;
      let res: Response;
      try {
        res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        throw new DownloadError(err instanceof Error ? err.name : "fetch failed");
      }
      if (!res.ok || !res.body) throw new DownloadError(`HTTP ${res.status}`);
      const declared = Number(res.headers.get("content-length") ?? NaN);
      if (declared > maxBytes) {
        await res.body.cancel();
        return "too_big";
      }
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        total += chunk.byteLength;
        if (total > maxBytes) return "too_big";
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks, total);
    },
  };
}

/** A download that failed for a reason other than size; the message never contains the URL. */
export class DownloadError extends Error {
  override get name(): string {
    return "DownloadError";
  }
}
