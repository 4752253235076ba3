import { AlertIcon } from "@/components/ui/icons";

// What the strict-mode lint finds in a function's schema, as warnings: plugin and MCP functions are
// offered without `strict`, so these say what a provider insisting on strict schemas would refuse,
// not why a run would fail.

export type StrictProblem = { rule: string; path: readonly (string | number)[]; message: string };

/** A path inside the schema as people read it: `properties.days`, `items[0]`, or the root. */
export function schemaPathText(path: readonly (string | number)[]): string {
  let out = "";
  for (const segment of path) out += typeof segment === "number" ? `[${segment}]` : out ? `.${segment}` : segment;
  return out || "(root)";
}

export function StrictProblems({ name, problems }: { name: string; problems: readonly StrictProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="rounded-md border border-amber-500/40 bg-amber-500/5 px-3 py-2 text-[0.8125rem]">
      <p className="flex items-center gap-1.5 font-medium">
        <AlertIcon className="size-3.5 shrink-0 text-amber-600" />
        {problems.length === 1 ? "1 strict-mode warning" : `${problems.length} strict-mode warnings`}
      </p>
      <ul aria-label={`Strict-mode warnings for ${name}`} className="mt-1 flex flex-col gap-0.5">
        {problems.map((problem, index) => (
          <li key={index}>
            <span className="font-mono text-[0.75rem]">{schemaPathText(problem.path)}</span>: {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
