import { escapeHtml, toTelegramHtml } from "../channels/telegram/format.js";
import type { Messages } from "../text/messages.js";

/**
 * A post for the Telegram staff group: its HTML (parse_mode "HTML"), where Loket's own
 * WhatsApp-style `*bold*` and `_italic_` are formatting and everything a citizen, clerk or staff
 * member wrote is escaped (shown as typed, never markup), and the plain text sent instead if
 * Telegram ever refuses the HTML.
 */
export interface Post {
  readonly html: string;
  readonly plain: string;
}

/** A value in a post's template: a text shown as typed, or a post (Loket's own words) with its formatting. */
export type PostValue = string | number | undefined | Post;

const isPost = (v: PostValue): v is Post => typeof v === "object" && v !== null;

/** Someone's words (a citizen's message, a staff note): escaped whole, no formatting. */
export const typedPost = (text: string): Post => ({ html: escapeHtml(text), plain: text });

/** Loket's own words (a notice sent to the citizen, a bot answer): its `*bold*` and `_italic_` formatted, the rest escaped. */
export const loketPost = (text: string): Post => ({ html: toTelegramHtml(text), plain: text });

/** Posts in a row, one a line. */
export const joinPosts = (...posts: Post[]): Post => ({ html: posts.map((p) => p.html).join("\n"), plain: posts.map((p) => p.plain).join("\n") });

/** Marks a value's place in a template while its markup is turned into HTML (no message or value holds NUL). */
const SLOT = /\u0000(\d+)\u0000/g;

/**
 * The staff group's messages as posts: `t(key, vars)` is `messages.t` with the template's markup
 * formatted and each value escaped (or, a Post, put in as its HTML). A value's own asterisks never
 * pair with the template's: the markup is read before the values are put in.
 */
export function telegramPosts(messages: Messages): { t(key: string, vars?: Record<string, PostValue>): Post } {
  return {
    t(key, vars) {
      const plainVars: Record<string, string | number | undefined> = {};
      const slotVars: Record<string, string> = {};
      const slots: string[] = [];
      for (const [k, v] of Object.entries(vars ?? {})) {
        if (v === undefined) continue;
        plainVars[k] = isPost(v) ? v.plain : v;
        slotVars[k] = `\u0000${slots.length}\u0000`;
        slots.push(isPost(v) ? v.html : escapeHtml(String(v)));
      }
      const html = toTelegramHtml(messages.t(key, slotVars)).replace(SLOT, (_, i: string) => slots[Number(i)]!);
      return { html, plain: messages.t(key, plainVars) };
    },
  };
}
