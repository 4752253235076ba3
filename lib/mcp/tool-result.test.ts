import { describe, expect, it } from "vitest";
import { mcpResultOutput } from "@/lib/mcp/tool-result";
import { TRUNCATION_NOTE } from "@/lib/tools/output";

describe("mcpResultOutput", () => {
  it("joins text parts, and describes media and resources instead of passing their bytes", () => {
    const result = mcpResultOutput({
      content: [
        { type: "text", text: "42" },
        { type: "image", data: "AAAA", mimeType: "image/png" },
        { type: "resource", resource: { uri: "file:///a.txt", text: "inside" } },
        { type: "resource", resource: { uri: "file:///b.bin", blob: "AAAAAAAA", mimeType: "application/octet-stream" } },
        { type: "resource_link", uri: "https://example.com/doc", name: "doc" },
      ],
    });
    expect(result).toEqual({ failed: false, output: "42\n[image: image/png, 3 bytes, not shown]\ninside\n[resource: file:///b.bin, application/octet-stream, 6 bytes, not shown]\n[resource: doc https://example.com/doc]" });
  });

  it("uses structured content when there is no text, and the old protocol's toolResult", () => {
    expect(mcpResultOutput({ content: [], structuredContent: { sum: 3 } }).output).toBe('{"sum":3}');
    expect(mcpResultOutput({ toolResult: { ok: true } }).output).toBe('{"ok":true}');
    expect(mcpResultOutput({ content: [] }).output).toBe("(the tool returned no content)");
  });

  it("marks an error result, and cuts a huge one", () => {
    expect(mcpResultOutput({ content: [{ type: "text", text: "no such city" }], isError: true })).toEqual({ failed: true, output: "Error: no such city" });
    expect(mcpResultOutput({ isError: true }).output).toBe("Error: the tool reported an error without details");
    expect(mcpResultOutput({ content: [{ type: "text", text: "x".repeat(2 * 1024 * 1024) }] }).output.endsWith(TRUNCATION_NOTE)).toBe(true);
  });

  it("never gives back the secrets the call was made with, even in a huge answer's cut", () => {
    const token = "mcp-secret-token-0123456789";
    expect(mcpResultOutput({ content: [{ type: "text", text: `headers: Bearer ${token}` }] }, [`Bearer ${token}`]).output).toBe("headers: ****");
    const padded = "x".repeat(1024 * 1024 - 10) + token;
    const output = mcpResultOutput({ content: [{ type: "text", text: padded }] }, [token]).output;
    expect(output).not.toContain(token.slice(0, 8));
    expect(output.endsWith(TRUNCATION_NOTE)).toBe(false);
  });
});
