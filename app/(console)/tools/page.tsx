import type { Metadata } from "next";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { listMcpServers } from "@/lib/mcp/service";
import { toMcpServerObject } from "@/lib/mcp/wire";
import { listPlugins } from "@/lib/plugins/service";
import { toPluginObject } from "@/lib/plugins/wire";
import { AddMcpServerButton, AddPluginButton } from "@/components/tools/add-buttons";
import { McpServerCard } from "@/components/tools/mcp-server-card";
import { PluginCard } from "@/components/tools/plugin-card";
import { EmptyState } from "@/components/ui/empty-state";
import { InlineCode } from "@/components/ui/inline-code";
import { PageHeader } from "@/components/ui/page-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Tools" };

// A list page's largest page: registries are small, and the API pages through the rest.
const LIMIT = 100;

function SectionHeading({ id, title, description, action }: { id: string; title: string; description: React.ReactNode; action: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        <h2 id={id} className="text-lg font-semibold tracking-tight">
          {title}
        </h2>
        <p className="mt-1 max-w-prose text-sm text-muted-foreground">{description}</p>
      </div>
      {action}
    </div>
  );
}

const More = ({ noun, path }: { noun: string; path: string }) => (
  <p className="text-sm text-muted-foreground">
    The first {LIMIT} {noun} are shown; list the rest with <InlineCode>GET {path}</InlineCode>.
  </p>
);

export default async function ToolsPage() {
  const { caller } = await requirePageCaller();
  const [plugins, servers] = await Promise.all([listPlugins(caller, { limit: LIMIT, order: "asc" }), listMcpServers(caller, { limit: LIMIT, order: "asc" })]);
  const canEdit = hasRole(caller.role, "editor");
  const pluginObjects = plugins.data.map(toPluginObject);
  const serverObjects = servers.data.map(toMcpServerObject);

  return (
    <div className="flex flex-col gap-8">
      <PageHeader title="Tools" description="Functions assistants can call besides the built-in tools: HTTP APIs described by OpenAPI documents, and MCP servers." />

      <section aria-labelledby="plugins-heading" className="flex flex-col gap-4">
        <SectionHeading
          id="plugins-heading"
          title="Plugins"
          description={
            <>
              An OpenAPI document whose operations become functions; an assistant adds the plugin as a tool whose <InlineCode>type</InlineCode> is the plugin&apos;s id.
            </>
          }
          action={canEdit && pluginObjects.length > 0 ? <AddPluginButton /> : null}
        />
        {pluginObjects.length === 0 ? (
          <EmptyState
            headingLevel="h3"
            title="No plugins yet"
            description={
              canEdit
                ? "Add an OpenAPI 3.0 or 3.1 document (YAML or JSON): each operation becomes a function the model can call, sent to the API by Atelier with the plugin's authentication."
                : "Plugins added by editors or through the API (POST /v1/plugins) show here."
            }
          >
            {canEdit ? (
              <div className="flex justify-center">
                <AddPluginButton />
              </div>
            ) : null}
          </EmptyState>
        ) : (
          <ul aria-label="Plugins" className="flex flex-col gap-3">
            {pluginObjects.map((plugin) => (
              <li key={plugin.id}>
                <PluginCard plugin={plugin} canEdit={canEdit} />
              </li>
            ))}
          </ul>
        )}
        {plugins.hasMore ? <More noun="plugins" path="/v1/plugins" /> : null}
      </section>

      <section aria-labelledby="mcp-servers-heading" className="flex flex-col gap-4">
        <SectionHeading
          id="mcp-servers-heading"
          title="MCP servers"
          description={
            <>
              Model Context Protocol servers (streamable HTTP) whose tools runs can call; an assistant adds one as a tool of type{" "}
              <InlineCode>mcp</InlineCode> with its server label.
            </>
          }
          action={canEdit && serverObjects.length > 0 ? <AddMcpServerButton /> : null}
        />
        {serverObjects.length === 0 ? (
          <EmptyState
            headingLevel="h3"
            title="No MCP servers yet"
            description={
              canEdit
                ? "Register a server by its URL, with a token or headers if it needs them; runs list its tools and, unless you say otherwise, ask for approval before each call."
                : "MCP servers added by editors or through the API (POST /v1/mcp_servers) show here."
            }
          >
            {canEdit ? (
              <div className="flex justify-center">
                <AddMcpServerButton />
              </div>
            ) : null}
          </EmptyState>
        ) : (
          <ul aria-label="MCP servers" className="flex flex-col gap-3">
            {serverObjects.map((server) => (
              <li key={server.id}>
                <McpServerCard server={server} canEdit={canEdit} />
              </li>
            ))}
          </ul>
        )}
        {servers.hasMore ? <More noun="MCP servers" path="/v1/mcp_servers" /> : null}
      </section>
    </div>
  );
}
