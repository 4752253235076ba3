import { describe, expect, it } from "vitest";
import { hasMaskedToken, maskSecret, maskTools, restoreMaskedTokens } from "@/lib/assistants/secrets";
import type { AssistantTool } from "@/lib/assistants/tools";
import { AppError } from "@/lib/errors";

// Round-tripping masked plugin tokens: what the API shows must come back as what was stored.

const plugin = (type: string, token: string): AssistantTool => ({ type, auth: { type: "user_http", user_token: token } });
const A = "token-aaaaaaaaaaaa-1111";
const B = "token-bbbbbbbbbbbb-2222";

describe("restoreMaskedTokens", () => {
  it("puts back the stored token for a mask at the same position", () => {
    const stored = [plugin("p", A), { type: "code_interpreter" } as AssistantTool];
    expect(restoreMaskedTokens(maskTools(stored), stored)).toEqual(stored);
  });

  it("follows a reordered list by type and mask", () => {
    const stored = [plugin("p", A), plugin("q", B)];
    const sent = maskTools([stored[1]!, stored[0]!]);
    expect(restoreMaskedTokens(sent, stored)).toEqual([stored[1], stored[0]]);
  });

  it("keeps two tools of one plugin apart, even when their masks are equal", () => {
    const stored = [plugin("p", "short-a"), plugin("p", "short-b")];
    expect(maskSecret("short-a")).toBe(maskSecret("short-b"));
    expect(restoreMaskedTokens(maskTools(stored), stored)).toEqual(stored);
  });

  it("leaves real tokens and other tools as sent", () => {
    const sent = [plugin("p", "a-new-real-token"), { type: "file_search" } as AssistantTool];
    expect(restoreMaskedTokens(sent, [plugin("p", A)])).toEqual(sent);
  });

  it.each([
    ["a mask of no stored token", [plugin("p", B)]],
    ["a mask on create (nothing stored)", []],
    ["a mask of another plugin's token", [plugin("other", A)]],
  ])("refuses %s, naming the field", (_case, stored) => {
    const sent = [{ type: "code_interpreter" } as AssistantTool, plugin("p", maskSecret(A))];
    let thrown: unknown;
    try {
      restoreMaskedTokens(sent, stored);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).param).toBe("tools[1].auth.user_token");
    expect((thrown as AppError).fieldErrors).toHaveProperty(["tools.1.auth.user_token"]);
  });

  it("uses each stored token once", () => {
    const stored = [plugin("p", A)];
    const sent = [plugin("p", maskSecret(A)), plugin("p", maskSecret(A))];
    expect(() => restoreMaskedTokens(sent, stored)).toThrow(AppError);
  });
});

describe("hasMaskedToken", () => {
  it("is true only for plugin tools carrying a mask", () => {
    expect(hasMaskedToken(plugin("p", "****1111"))).toBe(true);
    expect(hasMaskedToken(plugin("p", A))).toBe(false);
    expect(hasMaskedToken({ type: "p" } as AssistantTool)).toBe(false);
    expect(hasMaskedToken({ type: "code_interpreter" } as AssistantTool)).toBe(false);
  });
});
