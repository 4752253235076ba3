import { afterAll, describe, expect, it } from "vitest";
import { createTestWorkspace, provision, releaseDatabase } from "./support/workspace";

// Key resolution as the server does it: keys are hashed at rest, unknown and revoked keys resolve to
// nothing, and a key that was in use stops working the moment it is revoked.

afterAll(releaseDatabase);

describe("API key resolution", () => {
  it("resolves a key to its workspace, and refuses it right after revocation", async () => {
    await provision(async (lib) => {
      const workspace = await createTestWorkspace(lib, "keys");
      const owner = await lib.apiKeys.resolveApiKey(workspace.apiKey);
      expect(owner).toEqual({ workspaceId: workspace.id, keyId: workspace.keyId, role: "owner", name: "keys key" });
      expect(await lib.apiKeys.resolveApiKey(workspace.apiKey)).toEqual(owner);

      expect((await lib.apiKeys.revokeApiKey(workspace.caller, workspace.keyId)).revokedAt).toBeInstanceOf(Date);
      expect(await lib.apiKeys.resolveApiKey(workspace.apiKey)).toBeNull();
      // Revoking twice says so, and changes nothing.
      await expect(lib.apiKeys.revokeApiKey(workspace.caller, workspace.keyId)).rejects.toMatchObject({ code: "conflict" });
    });
  });

  it("stores only a hash, and an unknown key resolves to nothing", async () => {
    await provision(async (lib) => {
      const workspace = await createTestWorkspace(lib, "keys-hash");
      const keys = await lib.apiKeys.listApiKeys(workspace.caller);
      expect(keys).toHaveLength(1);
      expect(JSON.stringify(keys)).not.toContain(workspace.apiKey);
      expect(keys[0]!.prefix).toBe(workspace.apiKey.slice(0, keys[0]!.prefix.length));
      expect(await lib.apiKeys.resolveApiKey(`${workspace.apiKey}x`)).toBeNull();
    });
  });

  it("cannot revoke another workspace's key", async () => {
    await provision(async (lib) => {
      const a = await createTestWorkspace(lib, "keys-a");
      const b = await createTestWorkspace(lib, "keys-b");
      await expect(lib.apiKeys.revokeApiKey(b.caller, a.keyId)).rejects.toMatchObject({ code: "not_found" });
      expect(await lib.apiKeys.resolveApiKey(a.apiKey)).not.toBeNull();
    });
  });
});
