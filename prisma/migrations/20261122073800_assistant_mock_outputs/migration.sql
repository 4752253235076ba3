-- AlterTable
ALTER TABLE "assistants" ADD COLUMN     "mock_outputs" JSON NOT NULL DEFAULT '{}';
