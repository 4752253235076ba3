// The text that goes over the wire: a message with its sender in front, so a transport drops its
// own instance's messages before anything else, and (Postgres) split into chunks that fit in a
// NOTIFY payload, which must be shorter than 8000 bytes.
//
//   whole:  <from>|w|<message>
//   chunk:  <from>|c|<message id>|<index>|<count>|<part>
//
// A message's chunks go out in one statement, so one transaction: Postgres delivers them all or
// none, but may interleave another sender's, so they are reassembled by (sender, message id).
// A Postgres message is itself a batch of the bus's messages (packBatch).

/** NOTIFY payloads must be shorter than 8000 bytes (the server's default, and the usual build). */
export const MAX_NOTIFY_BYTES = 7999;
// Room for "<from>|c|<id>|<index>|<count>|": a 40-character id, a 12-character message id, two 5-digit numbers.
const CHUNK_HEADER_BYTES = 80;
// A reassembly that has not completed by then lost a chunk (a dropped LISTEN connection): drop it.
const REASSEMBLY_TIMEOUT_MS = 30_000;
// 10,000 chunks are 80 MB: anything claiming more is not ours.
const MAX_CHUNKS = 10_000;

export function wholeFrame(from: string, message: string): string {
  return `${from}|w|${message}`;
}

/** The frames of one message: one when it fits in `maxBytes`, else chunks cut between UTF-8 characters. */
export function encodeFrames(from: string, messageId: string, message: string, maxBytes = MAX_NOTIFY_BYTES): string[] {
  const whole = wholeFrame(from, message);
  if (Buffer.byteLength(whole) <= maxBytes) return [whole];
  const budget = maxBytes - CHUNK_HEADER_BYTES;
  if (budget < 4) throw new Error(`maxBytes ${maxBytes} leaves no room for a chunk`);
  const bytes = Buffer.from(message);
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; ) {
    let end = Math.min(start + budget, bytes.length);
    // Back up to a character boundary: never end a chunk on a UTF-8 continuation byte's predecessor.
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.toString("utf8", start, end));
    start = end;
  }
  return parts.map((part, index) => `${from}|c|${messageId}|${index}|${parts.length}|${part}`);
}

/** Reads the sender of a frame without parsing the rest (a transport's own messages are dropped first). */
export function senderOf(frame: string): string {
  const bar = frame.indexOf("|");
  return bar < 0 ? "" : frame.slice(0, bar);
}

/**
 * Several messages as one payload: `<length>:<message>` each, lengths in UTF-16 code units (a
 * Postgres NOTIFY commits under a cluster-wide lock, so fewer, bigger ones go further).
 */
export function packBatch(messages: string[]): string {
  let packed = "";
  for (const message of messages) packed += `${message.length}:${message}`;
  return packed;
}

/** The messages of a batch; null when it is malformed. */
export function unpackBatch(packed: string): string[] | null {
  const messages: string[] = [];
  for (let at = 0; at < packed.length; ) {
    const colon = packed.indexOf(":", at);
    const length = Number(packed.slice(at, colon));
    if (colon < 0 || colon === at || !Number.isInteger(length) || length < 0 || colon + 1 + length > packed.length) return null;
    messages.push(packed.slice(colon + 1, colon + 1 + length));
    at = colon + 1 + length;
  }
  return messages;
}

type Pending = { parts: (string | undefined)[]; received: number; timer: NodeJS.Timeout };

/** Puts chunked messages back together; whole frames pass straight through. */
export class Reassembler {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly timeoutMs = REASSEMBLY_TIMEOUT_MS) {}

  /** The message a frame completes, with its sender; null while chunks are missing or for a malformed frame. */
  accept(frame: string): { from: string; message: string } | null {
    const from = senderOf(frame);
    const kind = frame.slice(from.length + 1, from.length + 3);
    if (!from || (kind !== "w|" && kind !== "c|")) return null;
    if (kind === "w|") return { from, message: frame.slice(from.length + 3) };
    const fields = frame.slice(from.length + 3).split("|", 3);
    const [messageId, indexText, countText] = fields;
    const index = Number(indexText);
    const count = Number(countText);
    if (!messageId || !Number.isInteger(index) || !Number.isInteger(count) || index < 0 || index >= count || count > MAX_CHUNKS) return null;
    const part = frame.slice(from.length + 3 + messageId.length + indexText!.length + countText!.length + 3);
    const key = `${from}|${messageId}`;
    let pending = this.pending.get(key);
    if (!pending) {
      const timer = setTimeout(() => this.pending.delete(key), this.timeoutMs);
      timer.unref?.();
      pending = { parts: new Array<string | undefined>(count), received: 0, timer };
      this.pending.set(key, pending);
    }
    if (pending.parts.length !== count || pending.parts[index] !== undefined) return null;
    pending.parts[index] = part;
    if (++pending.received < count) return null;
    clearTimeout(pending.timer);
    this.pending.delete(key);
    return { from, message: pending.parts.join("") };
  }

  /** Messages waiting for chunks (tests, and a bound on what a lost chunk can hold). */
  get waiting(): number {
    return this.pending.size;
  }

  clear(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
