"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatPath } from "@/lib/schema-builder/paths";
import type { SchemaPath, SchemaProblem } from "@/lib/schema-builder/types";

type ProblemsListProps = {
  id: string;
  problems: SchemaProblem[];
  /** Shown before the paths, as the API's error.param would: `tools[0].function.parameters`. */
  paramPrefix: string;
  readOnly?: boolean;
  onFix: (problem: SchemaProblem) => void;
  onFixAll: () => void;
  onShow: (path: SchemaPath) => void;
};

const param = (prefix: string, path: SchemaPath) => {
  const rest = formatPath(path);
  return rest === "" ? prefix : rest.startsWith("[") ? `${prefix}${rest}` : `${prefix}.${rest}`;
};

/** Errors (the API would refuse the schema) before warnings (it would be accepted, but behaves differently elsewhere). */
export function ProblemsList({ id, problems, paramPrefix, readOnly, onFix, onFixAll, onShow }: ProblemsListProps) {
  const errors = problems.filter((problem) => problem.severity === "error");
  const warnings = problems.filter((problem) => problem.severity === "warning");
  const fixable = problems.filter((problem) => problem.fix).length;
  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 id={`${id}-heading`} className="text-sm font-semibold">
          Problems{" "}
          <span role="status" className="font-normal text-muted-foreground">
            {problems.length === 0
              ? "· none: the API and strict-mode providers accept this schema"
              : `· ${errors.length} error${errors.length === 1 ? "" : "s"}, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`}
          </span>
        </h4>
        {fixable > 1 && !readOnly ? (
          <Button size="sm" variant="outline" onClick={onFixAll}>
            Fix all ({fixable})
          </Button>
        ) : null}
      </div>
      {problems.length ? (
        <ul aria-label="Schema problems" className="flex flex-col gap-1.5">
          {[...errors, ...warnings].map((problem, index) => (
            <li key={`${problem.rule}:${formatPath(problem.path)}:${index}`} className="flex flex-wrap items-start gap-2 rounded-md border px-2.5 py-2 text-[0.8125rem]">
              <Badge variant={problem.severity === "error" ? "destructive" : "neutral"}>{problem.severity}</Badge>
              <div className="flex min-w-0 flex-1 flex-col gap-0.5">
                <p>
                  <button type="button" className="font-mono text-xs break-all underline underline-offset-2" onClick={() => onShow(problem.path)}>
                    {param(paramPrefix, problem.path)}
                  </button>{" "}
                  <span className="text-xs text-muted-foreground">({problem.rule})</span>
                </p>
                <p>{problem.message}</p>
              </div>
              {problem.fix && !readOnly ? (
                <Button size="sm" variant="outline" onClick={() => onFix(problem)}>
                  {problem.fix}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
