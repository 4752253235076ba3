import "server-only";
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from "undici";

// The fetch the model providers' requests go through: undici's own `fetch`, imported from its
// package with a keep-alive Agent of our own, rather than the global fetch. Why not the global:
// in a route handler it is Next's patched fetch (caching and tracing wrappers over Node's bundled
// undici), which added ~3 ms (p50, more under load) between calling it and the provider receiving
// the request, on the path to a run's first token (bench:runs). Redirects are returned, never
// followed: a provider's key must not travel to wherever a redirect points (lib/providers/http.ts).

/** Shared with the direct stream path (lib/providers/chat-stream.ts): one pool of connections per provider host. */
export const providerDispatcher = new Agent({
  keepAliveTimeout: 30_000,
  // A stream may sit silent for up to ATELIER_MODEL_IDLE_TIMEOUT_SECONDS; the run's watchdog,
  // not the socket, decides when silence is too long.
  bodyTimeout: 0,
  headersTimeout: 0,
});

export async function providerFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const response = await undiciFetch(input, { ...(init as UndiciRequestInit), redirect: "manual", dispatcher: providerDispatcher });
  // undici's Response has the standard shape; its type comes from undici's own declarations.
  return response as unknown as Response;
}
