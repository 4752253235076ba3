// Where lib/auth/peer-address.ts records each request's socket address (a header name drawn per
// process). On globalThis: the hook (instrumentation) and its readers are bundled apart.

export const HEADER_KEY = Symbol.for("atelier.peerAddressHeader");
export type WithHeader = typeof globalThis & { [HEADER_KEY]?: string };

/** The header the socket's address is recorded under in this process, once the hook is installed. */
export function peerAddressHeader(): string | undefined {
  return (globalThis as WithHeader)[HEADER_KEY];
}
