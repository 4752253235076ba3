-- CreateTable
CREATE TABLE "mcp_servers" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "server_label" TEXT NOT NULL,
    "server_url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "secrets_ciphertext" TEXT,
    "secret_hints" JSON,
    "allowed_tools" JSON,
    "require_approval" JSON NOT NULL DEFAULT '"always"',
    "tools" JSON,
    "tools_fetched_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mcp_servers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "mcp_servers_workspace_id_created_at_id_idx" ON "mcp_servers"("workspace_id", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "mcp_servers_workspace_id_server_label_key" ON "mcp_servers"("workspace_id", "server_label");

-- AddForeignKey
ALTER TABLE "mcp_servers" ADD CONSTRAINT "mcp_servers_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
