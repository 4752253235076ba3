// Shared by proxy.ts and lib/auth/gate.ts: the request path, set by the proxy for pages.
export const PATH_HEADER = "x-atelier-path";
