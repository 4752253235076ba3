/** Whether `value` is an absolute http(s) URL: what a form may accept before the server applies the outbound rules (lib/security/outbound.ts). */
export function isHttpUrl(value: string): boolean {
  try {
    return ["https:", "http:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
