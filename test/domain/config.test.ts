import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
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

  it("never prints a secret it refuses: tokens are hidden, a URL's password masked", () => {
    const token = refusal({ TELEGRAM_BOT_TOKEN: "123456:ABCsecretSECRET xyz" });
    expect(token).not.toContain("secret");
    expect(token).toMatch(/TELEGRAM_BOT_TOKEN=\(hidden, 26 characters\): must look like 123456:ABC-DEF/);
    const url = refusal({ REDIS_URL: "http://:hunter22@redis.local:6379/" });
    expect(url).not.toContain("hunter22");
    expect(url).toContain("//***@redis.local");
  });
});
