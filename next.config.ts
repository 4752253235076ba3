import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The Prisma runtime and pg are Node libraries; keep them out of the server bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  poweredByHeader: false,
  // `npm start` prints localhost, but people also open 127.0.0.1; dev mode blocks its scripts otherwise.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
