import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

/**
 * A switch or a choice written the way an operator might (Indonesian "ya", "on", "INFO", "OpenAI"):
 * refused naming the variable, what is allowed and an example to copy, not zod's
 * `Invalid option: expected one of "0"|"1"|…|""` (whose `""` no one can write).
 */
const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("accepted");
};

describe("switches and choices in the environment", () => {
  it("a switch that is not 1/0 says what is allowed and gives an example", () => {
    expect(refusal({ WHATSAPP_ENABLED: "ya" })).toContain('WHATSAPP_ENABLED="ya": must be 1 (on) or 0 (off), e.g. WHATSAPP_ENABLED=1');
    expect(refusal({ COOKIE_SECURE: "on" })).toContain('COOKIE_SECURE="on": must be 1 (on) or 0 (off), e.g. COOKIE_SECURE=1');
    expect(refusal({ COOKIE_SECURE: "on" })).not.toContain('""');
    // What is accepted stays accepted.
    for (const on of ["1", "true", "yes"]) expect(loadConfig({ COOKIE_SECURE: on }).COOKIE_SECURE).toBe(true);
    for (const off of ["0", "false", "no"]) expect(loadConfig({ COOKIE_SECURE: off }).COOKIE_SECURE).toBe(false);
  });

  it("a choice that is not one of the names lists them and gives an example", () => {
    expect(refusal({ LOG_LEVEL: "verbose" })).toContain('LOG_LEVEL="verbose": must be one of fatal, error, warn, info, debug, trace, silent, e.g. LOG_LEVEL=info');
    expect(refusal({ LLM_PROVIDER: "chatgpt", LLM_MODEL: "m" })).toContain('LLM_PROVIDER="chatgpt": must be one of openai, ollama, e.g. LLM_PROVIDER=openai');
  });
});

describe("a Redis password in a refused REDIS_URL", () => {
  // Generated passwords (openssl rand -base64) often hold '/', '+' or '@': such a URL is refused
  // (or its port is mistyped) and the refusal is logged; the password must not be in it.
  it("is masked whatever characters it holds", () => {
    for (const url of ["redis://:Kx7/Qz+Rw@127.0.0.1:6379", "redis://:Kx7/Qz@redis.local:99999", "redis://:Kx7@Qz/Rw@127.0.0.1:6379/99", "redis://loket:Kx7/Qz@127.0.0.1:6379/x"]) {
      const said = refusal({ REDIS_URL: url });
      expect(said).toContain('REDIS_URL="redis://***@');
      for (const part of ["Kx7", "Qz", "Rw"]) expect(said).not.toContain(part);
    }
  });
});

describe("a Redis password with characters a URL reserves", () => {
  // A password pasted as it is: '/', '#' or '?' end the host part of a URL, and a '%' not followed
  // by two hex digits made ioredis throw "URI malformed" with a stack trace at start.
  it("is refused saying to percent-encode it, with an example", () => {
    for (const url of ["redis://:Kx7/Qz@127.0.0.1:6379", "redis://:12/34@redis.local", "redis://:Kx#7@127.0.0.1:6379", "redis://:Kx%zz@127.0.0.1:6379", "redis://loket:Kx?7@127.0.0.1:6379"]) {
      const said = refusal({ REDIS_URL: url });
      expect(said).toMatch(/REDIS_URL="redis:\/\/\*\*\*@[^"]*": the password \(or user\) holds a character .*percent-encoded: \/ as %2F, # as %23, \? as %3F, % as %25.*e\.g\. redis:\/\/:pa%2Fss@127\.0\.0\.1:6379/);
    }
    // Encoded, it is taken.
    expect(loadConfig({ REDIS_URL: "redis://:Kx7%2FQz%25@127.0.0.1:6379" }).REDIS_URL).toBe("redis://:Kx7%2FQz%25@127.0.0.1:6379");
  });
});

describe("numbers and REDIS_URL written the way an operator might", () => {
  // "10MB", "30d", "-5", "localhost:6379": refused with what is allowed and a line to copy.
  it("a whole number that is not one says the range and gives the default as an example", () => {
    expect(refusal({ UPLOAD_MAX_BYTES: "10MB" })).toContain('UPLOAD_MAX_BYTES="10MB": must be a whole number from 1024 to 104857600, e.g. UPLOAD_MAX_BYTES=10485760');
    expect(refusal({ CONVERSATION_TTL_DAYS: "30d" })).toContain("e.g. CONVERSATION_TTL_DAYS=30");
    expect(refusal({ PORT: "-1" })).toContain('PORT="-1": must be a whole number from 1 to 65535, e.g. PORT=3000');
    expect(refusal({ LLM_TIMEOUT_MS: "99" })).toContain("must be at least 100, e.g. LLM_TIMEOUT_MS=8000");
  });

  it("a REDIS_URL without its scheme gives an example", () => {
    expect(refusal({ REDIS_URL: "localhost:6379" })).toContain('REDIS_URL="localhost:6379": must start with redis:// or rediss://, e.g. redis://127.0.0.1:6379');
  });
});
