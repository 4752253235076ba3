-- AlterTable
ALTER TABLE "plugins" ADD COLUMN     "require_approval" JSON NOT NULL DEFAULT '"never"';
