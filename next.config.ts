import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The Prisma runtime and pg are Node libraries; keep them out of the server bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
