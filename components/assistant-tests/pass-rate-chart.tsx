import type { TestRunObject } from "@/lib/assistant-tests/run-wire";
import { percent } from "@/components/assistant-tests/progress";

// Pass rate per version: each version's newest completed test run, oldest version on the left. A
// plain SVG (one bar per version) with the numbers also in a list for screen readers.

const HEIGHT = 96;
const BAR = 22;
const GAP = 8;

export function PassRateChart({ runs }: { runs: TestRunObject[] }) {
  const points = [...runs].reverse();
  if (!points.length) return <p className="text-sm text-muted-foreground">No completed test runs yet: run the tests to see each version&apos;s pass rate.</p>;
  const width = points.length * (BAR + GAP);
  return (
    <figure className="flex flex-col gap-2">
      <svg role="img" aria-label="Pass rate per version" viewBox={`0 0 ${width} ${HEIGHT + 18}`} className="h-32 max-w-full" style={{ width: Math.min(width * 2, 720) }}>
        {points.map((run, index) => {
          const rate = run.pass_rate ?? 0;
          const height = Math.max(2, rate * HEIGHT);
          const x = index * (BAR + GAP);
          return (
            <g key={run.id}>
              <title>{`Version ${run.assistant_version}: ${percent(run.pass_rate)}`}</title>
              <rect x={x} y={HEIGHT - height} width={BAR} height={height} rx={3} className={rate >= 1 ? "fill-success" : rate >= 0.8 ? "fill-amber-500" : "fill-destructive"} />
              <text x={x + BAR / 2} y={HEIGHT + 14} textAnchor="middle" className="fill-muted-foreground text-[10px]">
                v{run.assistant_version}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="sr-only">
        <ul>
          {points.map((run) => (
            <li key={run.id}>{`Version ${run.assistant_version}: ${percent(run.pass_rate)}`}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
