-- CreateTable
CREATE TABLE "InboxState" (
    "userId" TEXT NOT NULL,
    "readThrough" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InboxState_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "InboxRead" (
    "userId" TEXT NOT NULL,
    "eventId" BIGINT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboxRead_pkey" PRIMARY KEY ("userId","eventId")
);

-- AddForeignKey
ALTER TABLE "InboxState" ADD CONSTRAINT "InboxState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxRead" ADD CONSTRAINT "InboxRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
