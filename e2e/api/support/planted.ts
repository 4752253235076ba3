import { randomBytes } from "node:crypto";
import { threadId } from "node:worker_threads";
import { inject } from "vitest";
import { plantSecret, type PlantedSecret } from "../../../scripts/lib/secret-scan";

// Secrets a test plants on purpose, registered for the scan at the end of the run: no response
// (beyond `allowedResponses`) and no server log line may carry them (scripts/lib/secret-scan.ts).

/** A fresh value the scan can find whatever encoding it passes through: `label-` and 24 hex digits. */
export const secretValue = (label: string) => `${label}-${randomBytes(12).toString("hex")}`;

/** Registers `secret` for the scan and returns its value. */
export function plant(secret: PlantedSecret): string {
  plantSecret(inject("captureDir"), `${process.pid}-${threadId}`, secret);
  return secret.value;
}
