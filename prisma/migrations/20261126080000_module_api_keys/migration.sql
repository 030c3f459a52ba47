-- AlterEnum: keys an account creates for modules (the new value is not used in this transaction).
ALTER TYPE "ApiKeyKind" ADD VALUE 'MODULE';

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[];
