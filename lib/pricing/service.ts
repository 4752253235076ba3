import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { requireRole, type Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Price } from "@/lib/pricing/cost";
import type { ModelPriceInput } from "@/lib/pricing/schema";

// The only code that reads or writes model prices (Settings → Providers). Every member sees them;
// owners set them, as they manage the providers whose bills they are. The run engine reads one
// price per stretch of a run (priceForRun) to write the run's cost beside its usage.

export type ModelPriceView = { model: string; inputPerMillion: number; outputPerMillion: number; currency: string; updatedAt: Date };

const select = { model: true, inputPerMillion: true, outputPerMillion: true, currency: true, updatedAt: true } as const;

export async function listModelPrices(caller: Caller): Promise<ModelPriceView[]> {
  return getDb().modelPrice.findMany({ where: { workspaceId: caller.workspaceId }, select, orderBy: { model: "asc" } });
}

/** Adds the model's price or replaces it; runs from now on are costed at it. */
export async function setModelPrice(caller: Caller, input: ModelPriceInput): Promise<ModelPriceView> {
  requireRole(caller, "owner");
  const data = { inputPerMillion: input.inputPerMillion, outputPerMillion: input.outputPerMillion, currency: input.currency };
  const [row] = await getDb().$transaction([
    getDb().modelPrice.upsert({ where: { workspaceId_model: { workspaceId: caller.workspaceId, model: input.model } }, create: { workspaceId: caller.workspaceId, model: input.model, ...data }, update: data, select }),
    recordAudit(caller, { action: "model_price.set", targetType: "model_price", targetId: input.model, targetLabel: input.model, details: { input_per_million: data.inputPerMillion, output_per_million: data.outputPerMillion, currency: data.currency } }),
  ]);
  return row;
}

export async function deleteModelPrice(caller: Caller, model: string): Promise<void> {
  requireRole(caller, "owner");
  try {
    await getDb().$transaction([
      getDb().modelPrice.delete({ where: { workspaceId_model: { workspaceId: caller.workspaceId, model } } }),
      recordAudit(caller, { action: "model_price.deleted", targetType: "model_price", targetId: model, targetLabel: model }),
    ]);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("model_price", model);
    throw error;
  }
}

/** The price a run's model has in its workspace, or null: no cost is stated without one. */
export async function priceForRun(workspaceId: string, model: string): Promise<Price | null> {
  return getDb().modelPrice.findUnique({ where: { workspaceId_model: { workspaceId, model } }, select: { inputPerMillion: true, outputPerMillion: true, currency: true } });
}
