// `npm run chaos`: issue 18's faults against several Atelier instances on one Postgres, with the
// scripted model. Prints each scenario and the invariants it broke; exits 1 if any did. Also run
// by `npm test` (e2e/api/chaos.test.ts), bounded to a few minutes.
//   --instances N (default 3)
import { parseArgs } from "node:util";
import { runChaos } from "./chaos/run";

const { values } = parseArgs({ options: { instances: { type: "string", default: "3" } } });
const instances = Number(values.instances);
if (!Number.isInteger(instances) || instances < 2 || instances > 8) {
  console.error("--instances must be a whole number from 2 to 8");
  process.exit(2);
}
const results = await runChaos({ instances, log: (line) => console.log(`[chaos] ${line}`) });
const failed = results.filter((result) => result.problems.length);
console.log(`[chaos] ${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
