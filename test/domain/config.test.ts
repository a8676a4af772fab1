import { describe, expect, it } from "vitest";
import { configWarnings, loadConfig } from "../../src/config.js";
import { LoketError } from "../../src/errors.js";

const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(LoketError);
    expect((err as LoketError).code).toBe("CONFIG_INVALID");
    return (err as LoketError).message;
  }
  throw new Error("accepted");
};

describe("configuration from the environment", () => {
  it("takes the defaults, and whole numbers with stray spaces around them", () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.UPLOAD_MAX_BYTES).toBe(10 * 1024 * 1024);
    expect(loadConfig({ PORT: " 8080 " }).PORT).toBe(8080);
  });

  it("refuses a port of 0, a space, or a number written as 1e3 or 0x1389, naming the variable", () => {
    expect(refusal({ PORT: "0" })).toMatch(/PORT="0": must be at least 1/);
    expect(refusal({ PORT: " " })).toMatch(/PORT=" ": must be a whole number from 1 to 65535/);
    expect(refusal({ PORT: "1e3" })).toMatch(/PORT="1e3": must be a whole number/);
    expect(refusal({ RETENTION_DAYS: "0x1389" })).toMatch(/RETENTION_DAYS="0x1389"/);
    // Several mistakes are listed together.
    expect(refusal({ PORT: "abc", UPLOAD_MAX_BYTES: "-1" }).split("\n")).toHaveLength(3);
  });

  it("refuses an http:// Telegram webhook, and Telegram settings without a bot token (they would be ignored)", () => {
    expect(refusal({ TELEGRAM_BOT_TOKEN: "123456:ABC-def", TELEGRAM_WEBHOOK_URL: "http://loket.example.go.id/tg" })).toMatch(/TELEGRAM_WEBHOOK_URL=.*must start with https:\/\//);
    expect(refusal({ TELEGRAM_STAFF_CHAT_ID: "-1001234567890" })).toMatch(/TELEGRAM_BOT_TOKEN is not set, but TELEGRAM_STAFF_CHAT_ID is/);
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: "123456:ABC-def", TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/tg" }).TELEGRAM_WEBHOOK_URL).toBe("https://loket.example.go.id/tg");
  });

  it("refuses model settings without LLM_PROVIDER (they would be ignored), and an LLM_BASE_URL that is not http(s)", () => {
    expect(refusal({ LLM_MODEL: "qwen2.5:7b-instruct" })).toMatch(/LLM_PROVIDER is not set, but LLM_MODEL is: set LLM_PROVIDER=openai or LLM_PROVIDER=ollama too, or remove it/);
    expect(refusal({ LLM_BASE_URL: "http://127.0.0.1:8000/v1", LLM_MODEL: "m" })).toMatch(/LLM_PROVIDER is not set, but LLM_BASE_URL, LLM_MODEL are/);
    const key = refusal({ LLM_API_KEY: "sk-secret-value" });
    expect(key).toMatch(/but LLM_API_KEY is/);
    expect(key).not.toContain("sk-secret");
    expect(refusal({ LLM_PROVIDER: "openai", LLM_MODEL: "m", LLM_BASE_URL: "ftp://10.0.0.5/v1" })).toMatch(/LLM_BASE_URL="ftp:\/\/10.0.0.5\/v1": must start with http:\/\/ or https:\/\//);
    expect(loadConfig({ LLM_PROVIDER: "ollama", LLM_MODEL: "m", LLM_BASE_URL: "http://10.0.0.5:11434/v1" }).LLM_BASE_URL).toBe("http://10.0.0.5:11434/v1");
    expect(loadConfig({ LLM_MODEL: "" }).LLM_MODEL).toBeUndefined();
  });

  it("refuses a Redis URL ioredis cannot open (a mistyped port) naming the variable, its password masked", () => {
    const msg = refusal({ REDIS_URL: "redis://:s3cretPass@redis.kantor:63790x" });
    expect(msg).toMatch(/REDIS_URL="redis:\/\/\*\*\*@redis.kantor:63790x": is not a valid URL/);
    expect(msg).not.toContain("s3cretPass");
    expect(refusal({ REDIS_URL: "redis://h:99999" })).toMatch(/REDIS_URL=.*is not a valid URL/);
    expect(refusal({ REDIS_URL: "redis://h/abc" })).toMatch(/database number/);
    for (const ok of ["redis://127.0.0.1", "redis://127.0.0.1:6379/0", "rediss://user:pw@redis.example:6380"]) expect(loadConfig({ REDIS_URL: ok }).REDIS_URL).toBe(ok);
  });

  it("reads a rate as a plain number, and says what is allowed when it is not one", () => {
    expect(loadConfig({ WHATSAPP_SEND_PER_SECOND: "0.5", RATE_LIMIT_PER_SECOND: " 2 " })).toMatchObject({ WHATSAPP_SEND_PER_SECOND: 0.5, RATE_LIMIT_PER_SECOND: 2 });
    expect(refusal({ RATE_LIMIT_PER_SECOND: "abc" })).toMatch(/RATE_LIMIT_PER_SECOND="abc": must be a number greater than 0 and at most 1000000, e.g. 1 or 0.5/);
    expect(refusal({ WHATSAPP_SEND_PER_SECOND: "Infinity" })).toMatch(/WHATSAPP_SEND_PER_SECOND="Infinity": must be a number/);
    expect(refusal({ RATE_LIMIT_PER_SECOND: "1e3" })).toMatch(/RATE_LIMIT_PER_SECOND="1e3"/);
    expect(refusal({ RATE_LIMIT_PER_SECOND: "0" })).toMatch(/must be greater than 0/);
  });

  it("never prints a secret it refuses: tokens are hidden, a URL's password masked", () => {
    const token = refusal({ TELEGRAM_BOT_TOKEN: "123456:ABCsecretSECRET xyz" });
    expect(token).not.toContain("secret");
    expect(token).toMatch(/TELEGRAM_BOT_TOKEN=\(hidden, 26 characters\): must look like 123456:ABC-DEF/);
    const url = refusal({ REDIS_URL: "http://:hunter22@redis.local:6379/" });
    expect(url).not.toContain("hunter22");
    expect(url).toContain("//***@redis.local");
  });

  it("WhatsApp settings without WHATSAPP_ENABLED are named in the start-up warning as a list: 'A', 'A and B', 'A, B and C'", () => {
    const head = (env: Record<string, string>) => configWarnings(env)[0]?.split(":")[0];
    expect(head({ WHATSAPP_ADMIN_TOKEN: "x".repeat(16) })).toBe("WHATSAPP_ENABLED is not set, but WHATSAPP_ADMIN_TOKEN is");
    expect(head({ WHATSAPP_ADMIN_TOKEN: "x".repeat(16), WHATSAPP_MEDIA_TIMEOUT_MS: "5000" })).toBe("WHATSAPP_ENABLED is not set, but WHATSAPP_ADMIN_TOKEN and WHATSAPP_MEDIA_TIMEOUT_MS are");
    expect(head({ WHATSAPP_ADMIN_TOKEN: "x".repeat(16), WHATSAPP_SEND_PER_SECOND: "1", WHATSAPP_MEDIA_TIMEOUT_MS: "5000" })).toBe(
      "WHATSAPP_ENABLED is not set, but WHATSAPP_ADMIN_TOKEN, WHATSAPP_SEND_PER_SECOND and WHATSAPP_MEDIA_TIMEOUT_MS are",
    );
    expect(configWarnings({ WHATSAPP_ADMIN_TOKEN: "x".repeat(16), WHATSAPP_ENABLED: "0" })).toEqual([]);
  });
});
