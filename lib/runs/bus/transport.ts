// What the run bus needs from a transport between app instances: send a string to all the others
// or to one, and hear what others send. The transports (memory, postgres, redis) carry strings and
// nothing else; what the strings mean is lib/runs/bus/protocol.ts's business.

/** Called with each message from another instance: its text and the sending instance's id. */
export type MessageHandler = (message: string, from: string) => void;

export interface Transport {
  /** "memory" reaches no other instance: the bus then answers remote requests at once, with nobody. */
  readonly kind: "memory" | "postgres" | "redis";
  readonly instanceId: string;
  /** Starts listening. Resolves after the first attempt whether or not it connected: it keeps retrying. */
  start(): Promise<void>;
  /** Stops listening and retrying; sends after this fail. */
  stop(): Promise<void>;
  /** To every other instance. Rejects when the message could not be handed to the server. */
  broadcast(message: string): Promise<void>;
  /** To one instance (its own channel, so the others are not woken by it). */
  send(to: string, message: string): Promise<void>;
  /** Messages from other instances; this instance's own are never passed on. */
  onMessage(handler: MessageHandler): void;
}

/**
 * Instance ids name a channel of their own (Postgres limits channel names to 63 bytes) and are the
 * first field of every frame (lib/runs/bus/frames.ts splits at "|"), hence the alphabet.
 */
export const INSTANCE_ID_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;
