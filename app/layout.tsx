import type { Metadata, Viewport } from "next";
import { GeistSans } from "geist/font/sans";
import { GeistMono } from "geist/font/mono";
import { connection } from "next/server";
import { HydrationMarker } from "@/components/shell/hydration-marker";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s · Atelier", default: "Atelier" },
  description: "Design, test and serve AI assistants through an OpenAI Assistants v2 compatible API.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0a0a0a" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts), which a
  // page prerendered at build time could not.
  await connection();
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-dvh antialiased">
        {children}
        <HydrationMarker />
      </body>
    </html>
  );
}
