import type { NextConfig } from "next";
import { API_CSP, STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // The Prisma runtime, pg and pg-boss are Node libraries; keep them out of the server bundle.
  serverExternalPackages: ["pg", "pg-boss", "@prisma/adapter-pg", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  poweredByHeader: false,
  // `npm start` prints localhost, but people also open 127.0.0.1; dev mode blocks its scripts otherwise.
  allowedDevOrigins: ["127.0.0.1"],
  // Pages get their nonce'd CSP from proxy.ts; these apply everywhere.
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      // no-store also on what Next answers itself (OPTIONS, HEAD); lib/api/route.ts sets it on the rest.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }, { key: "Cache-Control", value: "no-store" }] },
    ];
  },
};

export default nextConfig;
