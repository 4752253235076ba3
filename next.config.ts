import type { NextConfig } from "next";
import { API_CSP, STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const RUN_STREAM_PATHS = [
  "/api/v1/threads/runs",
  "/api/v1/threads/:thread/runs",
  "/api/v1/threads/:thread/runs/:run/submit_tool_outputs",
  "/api/v1/threads/:thread/runs/:run/events",
];

const nextConfig: NextConfig = {
  // The Prisma runtime, pg, pg-boss and undici are Node libraries; keep them out of the server bundle.
  serverExternalPackages: ["pg", "pg-boss", "undici", "@prisma/adapter-pg", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  poweredByHeader: false,
  // `npm start` prints localhost, but people also open 127.0.0.1; dev mode blocks its scripts otherwise.
  allowedDevOrigins: ["127.0.0.1"],
  // Pages get their nonce'd CSP from proxy.ts; these apply everywhere.
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      // no-store also on what Next answers itself (OPTIONS, HEAD); lib/api/route.ts sets it on the rest.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }, { key: "Cache-Control", value: "no-store" }] },
      // The endpoints that stream run events: `no-transform`, or Next gzips the stream (this
      // header wins over the one the route sets), which cost ~18% of a streamed token's CPU
      // (bench:runs) and lets proxies buffer what must arrive token by token.
      ...RUN_STREAM_PATHS.map((source) => ({ source, headers: [{ key: "Cache-Control", value: "no-store, no-transform" }] })),
      // A file's bytes go out exactly as stored: no proxy may recompress or alter them.
      { source: "/api/v1/files/:file/content", headers: [{ key: "Cache-Control", value: "no-store, no-transform" }] },
    ];
  },
};

export default nextConfig;
