-- AlterTable
ALTER TABLE "User" ADD COLUMN     "accountId" TEXT;

-- AlterTable
ALTER TABLE "Installation" ADD COLUMN     "apiKeyId" TEXT,
ADD COLUMN     "settings" JSONB;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Installation" ADD CONSTRAINT "Installation_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;
