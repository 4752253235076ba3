/**
 * The Clipboard API exists only in secure contexts, and a self-hosted console is often served over
 * plain http on a LAN address, so fall back to selecting the text and the legacy copy command.
 */
export async function copyText(text: string, source: HTMLElement | null): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission denied or document not focused: try the fallback.
    }
  }
  if (!source) return false;
  const selection = window.getSelection();
  const range = document.createRange();
  range.selectNodeContents(source);
  selection?.removeAllRanges();
  selection?.addRange(range);
  // execCommand is deprecated but remains the only copy path outside secure contexts.
  const ok = document.execCommand("copy");
  selection?.removeAllRanges();
  return ok;
}
