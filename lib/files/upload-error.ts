// An upload's failure as the console shows it (no server-only imports: the browser runs it).

/** What went wrong, in the API's own words when it answered with an OpenAI error body. */
export function uploadErrorMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === "string" && parsed.error.message) return parsed.error.message;
  } catch {
    // Not JSON (a proxy's error page): fall through to the status.
  }
  if (status === 413) return "The file is too large for this server.";
  if (status === 401) return "Your session has ended. Sign in again, then upload the file again.";
  if (status === 403) return "You may not upload files in this workspace.";
  return `The server answered ${status} and did not store the file.`;
}
