import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { addStaff } from "../../src/staff/auth.js";
import { createTestLoket } from "../support/loket.js";

const PASSWORD = "kata-sandi-budi-123";

describe("TRUST_PROXY: a per-address limit counts the client's address, not one it wrote itself", () => {
  /** Five wrong passwords from one client, each with another made-up first X-Forwarded-For address, then the right one. */
  async function sixthLogin(env: Record<string, string>, remoteAddress: string, forwarded: (i: number) => string): Promise<number> {
    const t = await createTestLoket({ env });
    try {
      await addStaff(t.loket.store, { username: "budi", role: "staff", password: PASSWORD });
      for (let i = 0; i < 5; i++) {
        const r = await t.loket.app.inject({ method: "POST", url: "/staff/api/login", remoteAddress, headers: { "x-forwarded-for": forwarded(i) }, payload: { username: "budi", password: "salah-sekali-123" } });
        expect(r.statusCode).toBe(401);
      }
      const r = await t.loket.app.inject({ method: "POST", url: "/staff/api/login", remoteAddress, headers: { "x-forwarded-for": forwarded(9) }, payload: { username: "budi", password: PASSWORD } });
      return r.statusCode;
    } finally {
      await t.close();
    }
  }

  it("behind a proxy on this machine, the address the proxy appended counts (the client's own first entry does not)", async () => {
    // nginx's $proxy_add_x_forwarded_for keeps what the client sent and appends the real address.
    expect(await sixthLogin({}, "127.0.0.1", (i) => `198.51.100.${i}, 203.0.113.7`)).toBe(429);
  });

  it("a client reaching Loket directly cannot pick its address with the header", async () => {
    expect(await sixthLogin({}, "203.0.113.9", (i) => `198.51.100.${i}`)).toBe(429);
  });

  it("TRUST_PROXY takes all, none, or addresses, CIDRs and range names; anything else is refused naming it", () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual(["loopback", "uniquelocal"]);
    expect(loadConfig({ TRUST_PROXY: "all" }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "none" }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.1.2.3, 172.16.0.0/12, fd00::/8" }).TRUST_PROXY).toEqual(["loopback", "10.1.2.3", "172.16.0.0/12", "fd00::/8"]);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY="true": "true" is not an address/);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(/TRUST_PROXY/);
  });
});
