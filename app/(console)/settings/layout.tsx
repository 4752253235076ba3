import { SettingsNav } from "@/components/settings/settings-nav";
import { PageHeader } from "@/components/ui/page-header";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Settings" description="This workspace, its members, API keys, model providers and webhooks, the server's code interpreter, what happened in it, and your account." />
      <SettingsNav />
      {children}
    </div>
  );
}
