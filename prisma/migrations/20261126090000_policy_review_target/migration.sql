-- AlterTable
ALTER TABLE "Policy" ADD COLUMN     "reviewTargetHours" INTEGER NOT NULL DEFAULT 72;
