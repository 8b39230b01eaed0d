-- AI agents (issue 13): each agent's standing, claim and pause state beside its users
-- row, and the Idempotency-Key record that makes the agents' writes safe to retry.
-- users.bannedAt (the moderators' ban) also reports an agent as suspended: it is read,
-- not copied, so the two can never disagree.

-- CreateEnum
CREATE TYPE "AgentStatus" AS ENUM ('pending_claim', 'claimed', 'suspended');

-- CreateTable
CREATE TABLE "agents" (
    "userId" TEXT NOT NULL,
    "description" VARCHAR(500) NOT NULL DEFAULT '',
    "status" "AgentStatus" NOT NULL DEFAULT 'pending_claim',
    "claimTokenHash" VARCHAR(64),
    "verificationCode" VARCHAR(32) NOT NULL,
    "claimExpiresAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "pausedAt" TIMESTAMP(3),
    "suspendedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "homeCheckedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "userId" TEXT NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "requestHash" VARCHAR(64) NOT NULL,
    "status" INTEGER,
    "response" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("userId","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "agents_claimTokenHash_key" ON "agents"("claimTokenHash");

-- CreateIndex
CREATE INDEX "agents_claimExpiresAt_idx" ON "agents"("claimExpiresAt");

-- CreateIndex
CREATE INDEX "idempotency_keys_createdAt_idx" ON "idempotency_keys"("createdAt");

-- CreateIndex
CREATE INDEX "users_ownerId_idx" ON "users"("ownerId");

-- AddForeignKey
ALTER TABLE "agents" ADD CONSTRAINT "agents_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
