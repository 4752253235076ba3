// See README.md: every entry point of the real package, each failing with the reason when used.
const message =
  "`prisma dev` is not available in Atelier: its local server (@prisma/dev) needs Node 22 and is replaced by this stub " +
  "(package.json `overrides`). Atelier runs its own embedded Postgres: `npm start` without DATABASE_URL.";

function unavailable() {
  throw new Error(message);
}

class ServerState {
  static createExclusively = unavailable;
  static fromServerDump = unavailable;
  static scan = unavailable;
}

module.exports = { ServerState, startPrismaDevServer: unavailable, unstable_startServer: unavailable };
