import { log } from "@/lib/log";

// One `info` line per /api/v1 request, written by the wrapper every handler goes through
// (lib/api/route.ts). Only what identifies the request and its outcome: never the Authorization
// header, cookies, keys, bodies or query strings (a query may carry search text).

export type RequestLogEntry = {
  method: string;
  /** The route's pattern, `/api/v1/threads/{thread_id}/runs`: groups requests whatever their ids. */
  route: string;
  /** The path as requested (ids included, no query), to find one request. */
  path: string;
  status: number;
  /**
   * From the request reaching the wrapper to its response (status and headers) being handed to
   * Next. For a streamed run (SSE) that is the time to the stream's start, not its end: the stream
   * then lives as long as the run, and its events have their own times.
   */
  durationMs: number;
  requestId: string;
  /** The caller's workspace; null when the request was refused before anyone was identified. */
  workspaceId: string | null;
};

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The route pattern of `pathname`, from the dynamic params Next matched: each param names the
 * first segment (left to right, after the previous one) that decodes to its value. Next lists
 * params in path order, so two params with the same value still land on their own segments.
 */
export function routePattern(pathname: string, params: Record<string, unknown> | null | undefined): string {
  const segments = pathname.split("/");
  let from = 0;
  for (const [name, value] of Object.entries(params ?? {})) {
    if (typeof value !== "string") continue;
    for (let index = from; index < segments.length; index++) {
      if (decodeSegment(segments[index]!) === value) {
        segments[index] = `{${name}}`;
        from = index + 1;
        break;
      }
    }
  }
  return segments.join("/");
}

export function logRequest(entry: RequestLogEntry): void {
  log.info("api request", {
    method: entry.method,
    route: entry.route,
    path: entry.path,
    status: entry.status,
    duration_ms: Math.round(entry.durationMs * 10) / 10,
    request_id: entry.requestId,
    workspace_id: entry.workspaceId,
  });
}
