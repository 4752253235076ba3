// npm run build: a production build of the console, recorded as current (the hash of its sources),
// so `npm start` and the tests use it instead of building again. Prints progress while it works.
import { ensureBuild } from "./lib/build";

try {
  await ensureBuild({ force: true });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
