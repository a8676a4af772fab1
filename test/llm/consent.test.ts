import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { isLocalHost, modelServer } from "../../src/llm/langchain.js";
import { createTestLoket, textOf } from "../support/loket.js";

/** The consent question with a model configured: it names where the model runs, truthfully. */
async function consentText(env: Record<string, string>): Promise<string> {
  const t = await createTestLoket({ env: { LLM_PROVIDER: "openai", LLM_MODEL: "m", LLM_API_KEY: "sk-test", ...env } });
  try {
    return textOf(await t.say("saya mau ajukan izin reklame"));
  } finally {
    await t.close();
  }
}

describe("the consent question with a language model", () => {
  it("names a hosted model's server, and says questions and form answers typed in one message go there", async () => {
    const text = await consentText({ LLM_BASE_URL: "https://llm.example.com/v1" });
    expect(text).toContain("Hanya petugas DPMPTSP yang berwenang yang dapat melihatnya.");
    expect(text).toContain("Selain petugas, pertanyaan Bapak/Ibu dan isian data yang ditulis sekaligus dalam satu pesan juga diolah otomatis oleh layanan AI di llm.example.com");
    expect(await consentText({})).toContain("layanan AI di api.openai.com");
  });

  it("says a model on this machine or the office's network runs on the office's own server, not abroad", async () => {
    for (const url of ["http://127.0.0.1:11434/v1", "http://10.0.0.5:8000/v1", "http://ollama:11434/v1", "http://[::1]:8000/v1"]) {
      const text = await consentText({ LLM_BASE_URL: url });
      expect(text, url).toContain("diolah otomatis oleh AI di server kantor sendiri");
      expect(text, url).not.toMatch(/luar Indonesia|pihak ketiga/);
    }
  });

  it("tells local hosts from others", () => {
    for (const h of ["localhost", "127.0.0.1", "10.1.2.3", "172.20.0.4", "192.168.1.10", "169.254.1.1", "::1", "fd00::5", "ollama", "gpu.lan", "host.docker.internal"]) expect(isLocalHost(h), h).toBe(true);
    for (const h of ["api.openai.com", "8.8.8.8", "172.32.0.1", "llm.rembangkab.go.id", "2001:db8::1"]) expect(isLocalHost(h), h).toBe(false);
    expect(modelServer(loadConfig({ LLM_PROVIDER: "ollama", LLM_MODEL: "m" }))).toEqual({ host: "127.0.0.1", local: true });
  });
});
