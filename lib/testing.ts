import { expect } from "vitest";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validation";

// Helpers shared by the unit tests (never imported by app code).

/** Parses through `parseOrThrow` and returns the AppError it must throw. */
export function rejection(schema: z.ZodType, input: unknown): AppError {
  let thrown: unknown;
  try {
    parseOrThrow(schema, input);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "expected the input to be rejected with an AppError").toBeInstanceOf(AppError);
  return thrown as AppError;
}
