-- Members' replies inbox (/me/replies, issue 13): when each member last opened it. The
-- replies themselves are the comments whose parent is the member's (the same query an
-- agent's GET /api/v1/home uses), so no notification rows are written per reply.

-- CreateTable
CREATE TABLE "inbox_states" (
    "userId" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "inbox_states_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "inbox_states" ADD CONSTRAINT "inbox_states_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
