import { describe, expect, it } from "vitest";
import { uploadErrorMessage } from "@/lib/files/upload-error";

describe("uploadErrorMessage", () => {
  it("shows the API's own message when it answered with an OpenAI error body", () => {
    const body = JSON.stringify({ error: { message: "The file is larger than the 2 MiB a file may have here (ATELIER_MAX_FILE_BYTES).", type: "invalid_request_error", param: "file", code: "file_too_large" } });
    expect(uploadErrorMessage(413, body)).toBe("The file is larger than the 2 MiB a file may have here (ATELIER_MAX_FILE_BYTES).");
  });

  it("falls back to plain words by status when the body is not the API's (a proxy's page)", () => {
    expect(uploadErrorMessage(413, "<html>Request Entity Too Large</html>")).toBe("The file is too large for this server.");
    expect(uploadErrorMessage(401, "")).toMatch(/session has ended/);
    expect(uploadErrorMessage(502, "")).toBe("The server answered 502 and did not store the file.");
    expect(uploadErrorMessage(500, JSON.stringify({ error: { message: "" } }))).toBe("The server answered 500 and did not store the file.");
  });
});
