import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

// Deliveries are signed as the Standard Webhooks specification says (https://www.standardwebhooks.com):
// `webhook-id` (the event id, the same on every attempt, so receivers de-duplicate),
// `webhook-timestamp` (seconds; receivers refuse old ones, which stops replays) and
// `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the workspace's
// secret). The maintained `standardwebhooks` library signs, and receivers verify with the same
// library in their language (README: Webhooks).

export const WEBHOOK_SECRET_PREFIX = "whsec_";

/** A new signing secret: `whsec_` + 32 random bytes in base64, as the specification's libraries expect. */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

export type SignedHeaders = { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };

/**
 * The three headers for `body` sent as event `id` at `at`. With several secrets (the current one
 * and, for a day after a rotation, the one before) the signature header carries one signature per
 * secret, space-separated, as the specification allows: a receiver verifies with either.
 */
export function signDelivery(secrets: string | readonly string[], id: string, at: Date, body: string): SignedHeaders {
  const signature = (typeof secrets === "string" ? [secrets] : secrets).map((secret) => new Webhook(secret).sign(id, at, body)).join(" ");
  return { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}
