-- Consultation requests in the moderation queue: the admin who claimed one, and the queue's order.

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "consultationAssigneeId" TEXT;

-- CreateIndex
CREATE INDEX "App_consultation_consultationAt_idx" ON "App"("consultation", "consultationAt");

-- AddForeignKey
ALTER TABLE "App" ADD CONSTRAINT "App_consultationAssigneeId_fkey" FOREIGN KEY ("consultationAssigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
