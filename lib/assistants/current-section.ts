// Which of the editor's sections the section index marks as the one being read. Client-safe: pure.

export type SectionPosition = { id: string; top: number };

/**
 * The last section whose top has reached `line` (the bottom edge of what stays on top of the page:
 * the header and the save bar), in page order; the first one before any has. Scrolled to the end of
 * the page, the last section whose top is on screen wins, since a short last section never reaches the line.
 */
export function currentSection(sections: readonly SectionPosition[], line: number, atEnd = false, viewportHeight = Infinity): string | null {
  if (!sections.length) return null;
  if (atEnd) {
    const visible = sections.filter((section) => section.top < viewportHeight);
    const last = visible.at(-1);
    if (last && last.top > line) return last.id;
  }
  let current = sections[0]!.id;
  for (const section of sections) {
    if (section.top <= line) current = section.id;
  }
  return current;
}
