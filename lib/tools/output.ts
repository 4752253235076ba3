// What a tool Atelier calls on the server (a plugin's operation, an MCP server's tool) gives the
// model: its text, at most 1 MiB of it (a model cannot use more, and a run's rows and events carry
// it), cut on a character boundary with a note saying so, so the model knows it saw part of it;
// and never the secrets the call was made with (a server may echo its request's headers): they are
// taken out before the text is cut, so a secret the cut would split is not left half shown.

/** The most of an answer a call hands to the model. */
export const MAX_TOOL_RESPONSE_BYTES = 1024 * 1024;

export const TRUNCATION_NOTE = "\n\n[Atelier: the response was larger than 1 MiB and was cut here.]";

/** The first `max` bytes at most, ending on a UTF-8 character boundary. */
export function cutUtf8(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let end = max;
  // The byte after the cut continuing a character means that character started before the cut.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/** Text as the model sees it: cut to `max` bytes, with the note when it was. */
export function boundedOutput(text: string, max = MAX_TOOL_RESPONSE_BYTES): string {
  // Fast path: even at 4 bytes per character it fits.
  if (text.length * 4 <= max) return text;
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= max) return text;
  return Buffer.from(cutUtf8(bytes, max)).toString("utf8") + TRUNCATION_NOTE;
}

const MIN_SECRET = 4;

/**
 * `text` with every secret (and a "Bearer …" value's bare token) replaced by `****`, and a secret's
 * start left dangling at the very end (where reading stopped) taken out too.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const values = [...new Set(secrets.flatMap((secret) => [secret, secret.replace(/^Bearer\s+/i, "")]))].filter((value) => value.length >= MIN_SECRET);
  let out = text;
  for (const value of values) out = out.split(value).join("****");
  for (const value of values) {
    for (let length = Math.min(value.length - 1, out.length); length >= MIN_SECRET; length--) {
      if (out.endsWith(value.slice(0, length))) {
        out = `${out.slice(0, -length)}****`;
        break;
      }
    }
  }
  return out;
}

