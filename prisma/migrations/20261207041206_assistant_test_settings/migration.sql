-- CreateTable
CREATE TABLE "assistant_test_settings" (
    "assistant_id" TEXT NOT NULL,
    "run_on_save" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assistant_test_settings_pkey" PRIMARY KEY ("assistant_id")
);

-- AddForeignKey
ALTER TABLE "assistant_test_settings" ADD CONSTRAINT "assistant_test_settings_assistant_id_fkey" FOREIGN KEY ("assistant_id") REFERENCES "assistants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
