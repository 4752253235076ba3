import type { Metadata } from "next";
import { requirePageCaller } from "@/lib/auth/gate";
import { codeSandboxStatus } from "@/lib/code/status";
import { CodeInterpreterCard } from "@/components/settings/code-interpreter-card";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Code interpreter" };

export default async function CodeInterpreterSettingsPage() {
  // Every member may read it: it is the server's configuration, with nothing secret in it.
  await requirePageCaller();
  return <CodeInterpreterCard status={codeSandboxStatus()} />;
}
