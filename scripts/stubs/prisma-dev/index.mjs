import stub from "./index.cjs";

export const { ServerState, startPrismaDevServer, unstable_startServer } = stub;
export default stub;
