import { z } from "@/lib/zod";

// The messages instances exchange about runs (lib/runs/bus/fanout.ts does what they say). Every
// message carries the protocol version: during a rolling upgrade an instance ignores what it does
// not understand instead of misreading it. The sender is not in the message: the transport's
// frame carries it (lib/runs/bus/frames.ts).
//
//   interest  subscriber → all (or → its forwarder, to resume): who holds run R's open segment?
//             `from` null: the segment from its start; a number: from there (after a gap).
//   events    forwarder → subscriber: events of R, the first at `start` in the forwarder's channel.
//   alive     forwarder → subscriber: still here, next event at `next`. Sent first (so a segment
//             with nothing yet still answers), and whenever the run has been quiet for a while.
//             Both carry `base`, where the forward began: the first message a subscriber hears
//             may not be the first sent, and it still wants everything from there.
//   end       forwarder → subscriber: I stop forwarding without a `done` (shutting down).
//   keep      subscriber → forwarder: still listening. A forwarder that stops hearing it stops.
//   release   subscriber → forwarder: stop (the client left, or another instance answered first).
//   command   any → all: act on a run executing somewhere (cancel).

export const PROTOCOL_VERSION = 1;

const runEvent = z.object({ event: z.string(), data: z.unknown() });
const id = z.string().min(1).max(64);
const index = z.number().int().min(0);

export const commandSchema = z.discriminatedUnion("type", [z.object({ type: z.literal("cancel"), runId: z.string().min(1) })]);

export type Command = z.infer<typeof commandSchema>;

const messageSchema = z.discriminatedUnion("t", [
  z.object({ t: z.literal("interest"), id, run: z.string().min(1), from: index.nullable() }),
  z.object({ t: z.literal("events"), id, base: index, start: index, events: z.array(runEvent).min(1) }),
  z.object({ t: z.literal("alive"), id, base: index, next: index }),
  z.object({ t: z.literal("end"), id }),
  z.object({ t: z.literal("keep"), id }),
  z.object({ t: z.literal("release"), id }),
  z.object({ t: z.literal("command"), command: commandSchema }),
]);

export type BusMessage = z.infer<typeof messageSchema>;

export function encodeMessage(message: BusMessage): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...message });
}

/** The message, or null for anything else (another version, a foreign publisher on the channel). */
export function decodeMessage(text: string): BusMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if ((value as { v?: unknown } | null)?.v !== PROTOCOL_VERSION) return null;
  const parsed = messageSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
