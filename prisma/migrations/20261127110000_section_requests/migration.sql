-- CreateEnum
CREATE TYPE "SectionRequestStatus" AS ENUM ('OPEN', 'ACCEPTED', 'DECLINED');

-- CreateTable
CREATE TABLE "SectionRequest" (
    "id" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "appId" TEXT,
    "requestedById" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "SectionRequestStatus" NOT NULL DEFAULT 'OPEN',
    "decisionNote" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "sectionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SectionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SectionRequest_status_createdAt_idx" ON "SectionRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "SectionRequest_partnerId_createdAt_idx" ON "SectionRequest"("partnerId", "createdAt");

-- AddForeignKey
ALTER TABLE "SectionRequest" ADD CONSTRAINT "SectionRequest_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SectionRequest" ADD CONSTRAINT "SectionRequest_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SectionRequest" ADD CONSTRAINT "SectionRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SectionRequest" ADD CONSTRAINT "SectionRequest_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE SET NULL ON UPDATE CASCADE;
