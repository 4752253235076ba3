-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "webhook_url" TEXT;

-- AlterTable
ALTER TABLE "webhook_signing" ADD COLUMN     "previous_ciphertext" TEXT,
ADD COLUMN     "previous_until" TIMESTAMPTZ(3);
