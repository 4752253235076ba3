import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";

// Secrets Atelier must use again later (model providers' API keys), sealed at rest: AES-256-GCM
// under a key derived from ATELIER_SECRET with HKDF-SHA256. A database dump or backup alone
// does not reveal them; with the secret, they open. The sealed form is versioned,
// `v1.<iv>.<tag>.<ciphertext>` (base64url), so a later scheme can be read beside this one.
//
// `context` is bound into the tag as associated data (e.g. the row the secret belongs to), so a
// sealed value copied into another row does not open there.

const VERSION = "v1";
const INFO = "atelier provider keys v1";
// HKDF's salt: fixed, since ATELIER_SECRET already has the entropy and the IV makes each seal unique.
const SALT = "atelier secret-box";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

const derived = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = derived.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, SALT, INFO, 32));
    // One process sees one secret (tests a few): the map stays tiny.
    derived.set(secret, key);
  }
  return key;
}

export function seal(plaintext: string, secret: string, context = ""): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** Throws SecretBoxError when the value is malformed, was changed, or was sealed under another secret or context. */
export function open(sealed: string, secret: string, context = ""): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError(`Not a sealed value of version ${VERSION}.`);
  const [, ivText, tagText, dataText] = parts as [string, string, string, string];
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError("The sealed value is malformed.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("The sealed value cannot be opened: it was changed, or sealed under another ATELIER_SECRET.");
  }
}

function appSecret(): string {
  const secret = getEnv().ATELIER_SECRET;
  if (!secret) throw new SecretBoxError("ATELIER_SECRET is not set: `npm start` generates one; set it yourself when starting `next start` directly.");
  return secret;
}

/** Seals under ATELIER_SECRET. */
export const sealSecret = (plaintext: string, context: string): string => seal(plaintext, appSecret(), context);

/** Opens what sealSecret sealed (same ATELIER_SECRET, same context). */
export const openSecret = (sealed: string, context: string): string => open(sealed, appSecret(), context);
