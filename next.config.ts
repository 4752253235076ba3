import type { NextConfig } from "next";
import { API_CACHE_CONTROL, API_CSP, STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // The Prisma runtime, pg, pg-boss and undici are Node libraries; keep them out of the server bundle.
  serverExternalPackages: ["pg", "pg-boss", "undici", "sonic-boom", "@prisma/adapter-pg", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  poweredByHeader: false,
  // `npm start` prints localhost, but people also open 127.0.0.1; dev mode blocks its scripts otherwise.
  allowedDevOrigins: ["127.0.0.1"],
  // Pages get their nonce'd CSP from proxy.ts; these apply everywhere.
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      // Also on what Next answers itself (OPTIONS, HEAD); this header wins over the one a route sets.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }, { key: "Cache-Control", value: API_CACHE_CONTROL }] },
    ];
  },
};

export default nextConfig;
