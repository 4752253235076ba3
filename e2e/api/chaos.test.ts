import { describe, expect, it } from "vitest";
import { runChaos, type ChaosResult } from "../../scripts/chaos/run";
import { scenarios } from "../../scripts/chaos/scenarios";

// `npm run chaos` inside `npm test`: three instances on one fresh Postgres, each of issue 18's
// faults, and the invariants after each (scripts/chaos). One cluster for all scenarios, started
// by the first test; each scenario's result is its own test.

let results: Promise<ChaosResult[]> | undefined;
const all = () => (results ??= runChaos({ instances: 3, log: (line) => console.log(`[chaos] ${line}`) }));

describe("chaos: several instances on one database under faults", () => {
  it.each([...scenarios.map((scenario) => scenario.name), "no secret in any byte returned or logged"])("%s", async (name) => {
    const result = (await all()).find((entry) => entry.name === name);
    expect(result, `${name} did not run`).toBeDefined();
    expect(result!.problems).toEqual([]);
  }, 600_000);
});
