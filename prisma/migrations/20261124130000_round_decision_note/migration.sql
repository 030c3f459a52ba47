-- AlterTable
ALTER TABLE "ReviewRound" ADD COLUMN     "decisionNote" TEXT;

