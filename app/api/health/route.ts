import { checkHealth } from "@/lib/health";
import { API_CACHE_CONTROL } from "@/lib/security/headers";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": API_CACHE_CONTROL } });
}
