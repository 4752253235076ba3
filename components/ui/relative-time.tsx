// Times are rendered on the server, per request: the relative phrase is right when the page is
// served, and the exact instant is in the <time> element for hover and assistive technology.

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const exact = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatRelative(date: Date, now: number = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return "just now";
}

/** `Nov 22, 2025, 1:51 AM UTC`: the server does not know the reader's time zone, so say which one. */
export function formatExact(date: Date): string {
  return `${exact.format(date)} UTC`;
}

type RelativeTimeProps = { date: Date; className?: string };

export function RelativeTime({ date, className }: RelativeTimeProps) {
  // Inside client components (the assistant list) this renders again in the browser, whose clock
  // has moved on ("just now" → "1 minute ago") or differs: the phrase is allowed to differ from the
  // server's at hydration (React keeps the server's) instead of failing it (React error #418).
  return (
    <time dateTime={date.toISOString()} title={formatExact(date)} className={className} suppressHydrationWarning>
      {formatRelative(date)}
    </time>
  );
}

/** Wire objects carry unix seconds (`created_at`). */
export const fromUnixSeconds = (seconds: number) => new Date(seconds * 1000);
