import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake OpenAI-compatible server on loopback, for driving the real @langchain/openai client
 * (real HTTP, real JSON) where the real model is unreachable. It honours the chat-completions
 * contract: `POST /v1/chat/completions` with a Bearer key, `choices[0].message.content` or
 * `tool_calls` (when the request forces a function), `usage`, `id`, `created`, errors as
 * `{ error: { message, type, code } }` — and records every request so tests can assert what
 * was (and was not) sent.
 *
 * @example
 * const fake = await startFakeOpenAI();
 * fake.reply({ json: { intent: "ask", permit: "pbg", aspect: "fee" } });
 * fake.reply({ content: "{not json" }, { delayMs: 5000, then: { json: {} } }, { status: 500 });
 */
export type FakeReply =
  /** Structured output: as message content, or as the forced tool call's arguments. */
  | { json: unknown }
  /** Raw message content (e.g. malformed JSON), regardless of what was asked; `finish` is the finish_reason (default "stop"). */
  | { content: string | null; finish?: string }
  /** Raw tool-call arguments (e.g. malformed JSON) for function calling. */
  | { toolArguments: string }
  /** An HTTP error in OpenAI's error shape. */
  | { status: number; message?: string }
  /** A raw 200 response body, as a broken server might send (e.g. `choices: []`). */
  | { body: unknown }
  /** Waits, then replies (if the client is still there). */
  | { delayMs: number; then?: FakeReply };

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string | null | { type: string; text?: string }[] }[];
  stream?: boolean;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  tools?: { type: "function"; function: { name: string; parameters?: unknown } }[];
  tool_choice?: unknown;
  temperature?: number;
  [key: string]: unknown;
}

export interface RecordedRequest {
  body: ChatRequestBody;
  authorization: string | undefined;
  /** True when the client went away before the reply (an aborted request). */
  aborted: boolean;
}

export interface FakeOpenAI {
  /** e.g. http://127.0.0.1:41234/v1 — what LLM_BASE_URL should be. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Queues replies, used one per request in order. */
  reply(...replies: FakeReply[]): void;
  /** Used when the queue is empty (default: HTTP 500 "no scripted reply"). */
  otherwise(fn: (req: RecordedRequest) => FakeReply): void;
  /** Forgets queued replies and recorded requests (call between tests). */
  reset(): void;
  /** All message text of a request (system + user), for "was X sent?" assertions. */
  sentText(req?: RecordedRequest): string;
  close(): Promise<void>;
}

let counter = 0;

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  let fallback: (req: RecordedRequest) => FakeReply = () => ({ status: 500, message: "no scripted reply" });

  const sendJson = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed || res.writableEnded) return;
    const data = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(data), "x-request-id": `req_${++counter}` });
    res.end(data);
  };
  const error = (res: ServerResponse, status: number, message: string, type = "invalid_request_error") =>
    sendJson(res, status, { error: { message, type, param: null, code: null } });

  const completion = (body: ChatRequestBody, message: Record<string, unknown>, finish: string) => {
    const prompt = JSON.stringify(body.messages).length;
    const out = JSON.stringify(message).length;
    return {
      id: `chatcmpl-fake${++counter}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      system_fingerprint: "fp_fake",
      choices: [{ index: 0, message: { role: "assistant", refusal: null, ...message }, logprobs: null, finish_reason: finish }],
      usage: { prompt_tokens: Math.ceil(prompt / 4), completion_tokens: Math.ceil(out / 4), total_tokens: Math.ceil(prompt / 4) + Math.ceil(out / 4) },
    };
  };

  const forcedTool = (body: ChatRequestBody): string | undefined => {
    if (!body.tools?.length) return undefined;
    const choice = body.tool_choice as { type?: string; function?: { name?: string } } | string | undefined;
    if (typeof choice === "object" && choice?.function?.name) return choice.function.name;
    return body.tools[0]!.function.name;
  };

  async function respond(req: IncomingMessage, res: ServerResponse, reply: FakeReply, body: ChatRequestBody): Promise<void> {
    if ("delayMs" in reply) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, reply.delayMs);
        res.once("close", () => (clearTimeout(t), resolve()));
      });
      // Not `req.destroyed`: a request whose body was read is destroyed (autoDestroy), the client may still wait.
      if (res.destroyed) return;
      return respond(req, res, reply.then ?? { status: 500, message: "no reply after delay" }, body);
    }
    if ("body" in reply) return sendJson(res, 200, reply.body);
    if ("status" in reply) return error(res, reply.status, reply.message ?? "The server had an error", reply.status >= 500 ? "server_error" : "invalid_request_error");
    const tool = forcedTool(body);
    if ("toolArguments" in reply || ("json" in reply && tool)) {
      const args = "toolArguments" in reply ? reply.toolArguments : JSON.stringify(reply.json);
      const call = { id: `call_${++counter}`, type: "function", function: { name: tool ?? "extract", arguments: args } };
      return sendJson(res, 200, completion(body, { content: null, tool_calls: [call] }, "tool_calls"));
    }
    const content = "content" in reply ? reply.content : JSON.stringify(reply.json);
    return sendJson(res, 200, completion(body, { content }, ("finish" in reply && reply.finish) || "stop"));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url?.split("?")[0] !== "/v1/chat/completions") {
        return error(res, 404, `Unknown request URL: ${req.method} ${req.url}`);
      }
      const authorization = req.headers.authorization;
      if (!authorization?.startsWith("Bearer ")) return error(res, 401, "You didn't provide an API key.", "invalid_api_key");
      let body: ChatRequestBody;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequestBody;
      } catch {
        return error(res, 400, "We could not parse the JSON body of your request.");
      }
      if (typeof body.model !== "string" || !Array.isArray(body.messages) || body.messages.length === 0) {
        return error(res, 400, "'model' and a non-empty 'messages' array are required.");
      }
      if (body.stream) return error(res, 400, "streaming is not supported by this fake server");
      const recorded: RecordedRequest = { body, authorization, aborted: false };
      res.once("close", () => {
        if (!res.writableFinished) recorded.aborted = true;
      });
      requests.push(recorded);
      const reply = queue.shift() ?? fallback(recorded);
      respond(req, res, reply, body).catch(() => error(res, 500, "fake server failure", "server_error"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const textOf = (c: ChatRequestBody["messages"][number]["content"]) =>
    typeof c === "string" ? c : Array.isArray(c) ? c.map((p) => p.text ?? "").join("") : "";

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => void queue.push(...replies),
    reset: () => {
      queue.splice(0);
      requests.splice(0);
    },
    otherwise: (fn) => void (fallback = fn),
    sentText: (req = requests[requests.length - 1]) => (req ? req.body.messages.map((m) => textOf(m.content)).join("\n") : ""),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
