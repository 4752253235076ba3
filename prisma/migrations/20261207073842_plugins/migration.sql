-- CreateTable
CREATE TABLE "plugins" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "openapi" JSON NOT NULL,
    "openapi_text" TEXT,
    "operations" JSON NOT NULL,
    "server_url" TEXT NOT NULL,
    "auth_type" TEXT NOT NULL DEFAULT 'none',
    "auth_config" JSON,
    "secret_ciphertext" TEXT,
    "secret_hint" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "plugins_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "plugins_workspace_id_created_at_id_idx" ON "plugins"("workspace_id", "created_at", "id");

-- AddForeignKey
ALTER TABLE "plugins" ADD CONSTRAINT "plugins_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
