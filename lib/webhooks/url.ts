import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { checkOutboundUrl, OutboundRefused } from "@/lib/security/outbound";

/**
 * A URL deliveries will be sent to, checked against the outbound rules when it is saved (the
 * delivery checks again after DNS): a 400 naming `param` (API) and the form's `field`.
 */
export function checkWebhookUrl(url: string | null | undefined, param = "webhook_url", field = param): void {
  if (!url) return;
  try {
    checkOutboundUrl(url, getEnv().ATELIER_TOOL_ALLOWED_HOSTS);
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    throw new AppError("invalid_request", `Invalid '${param}': ${error.message}`, { param, fieldErrors: { [field]: [error.message] } });
  }
}
