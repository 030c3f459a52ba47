-- CreateEnum
CREATE TYPE "ListingChangeStatus" AS ENUM ('PENDING', 'APPROVED', 'SENT_BACK', 'DECLINED');

-- AlterEnum
ALTER TYPE "VersionStatus" ADD VALUE 'EXPIRED';

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "cancelledAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Policy" ADD COLUMN     "approvalExpiryDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "listingEditsNeedReview" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ListingChange" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "status" "ListingChangeStatus" NOT NULL DEFAULT 'PENDING',
    "edit" JSONB NOT NULL,
    "changes" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "assigneeId" TEXT,
    "claimedAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "decidedById" TEXT,
    "decisionNote" TEXT,

    CONSTRAINT "ListingChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ListingChange_appId_createdAt_idx" ON "ListingChange"("appId", "createdAt");

-- CreateIndex
CREATE INDEX "ListingChange_status_createdAt_idx" ON "ListingChange"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "ListingChange" ADD CONSTRAINT "ListingChange_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ListingChange" ADD CONSTRAINT "ListingChange_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ListingChange" ADD CONSTRAINT "ListingChange_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: at most one listing round waits per app (a further edit merges into it).
CREATE UNIQUE INDEX "ListingChange_one_pending_per_app" ON "ListingChange"("appId") WHERE "status" = 'PENDING';

-- Hand-written: the policy's numbers stay sane whoever writes them.
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_approvalExpiryDays_check" CHECK ("approvalExpiryDays" BETWEEN 1 AND 365);
