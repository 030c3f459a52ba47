-- A key remembers what it was first sent with, so a retry with other input is refused.
ALTER TABLE "IdempotencyKey" ADD COLUMN "requestHash" TEXT;
