-- Stories (issue 15): related coverage from several sources grouped by the worker
-- (lib/stories/cluster.ts). A story's lead is the one listed: its other members are
-- "folded" and the story-aware lists (front, new, top, RSS) leave them out. A plain
-- boolean, not a join, so the front page stays one walk of articles_hotRank_id_idx
-- with one more filter (folded rows are a small share of the table).
CREATE TABLE "stories" (
    "id" SERIAL NOT NULL,
    "leadId" INTEGER NOT NULL,
    "score" INTEGER NOT NULL DEFAULT 0,
    "memberCount" INTEGER NOT NULL DEFAULT 1,
    "sourceCount" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stories_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "stories_leadId_key" ON "stories"("leadId");

ALTER TABLE "articles" ADD COLUMN "storyId" INTEGER;
ALTER TABLE "articles" ADD COLUMN "folded" BOOLEAN NOT NULL DEFAULT false;

CREATE INDEX "articles_storyId_idx" ON "articles"("storyId");
-- Folded rows only (a small share): the worker finds members a deleted lead left
-- folded without a story, and unfolds them, through this.
CREATE INDEX "articles_folded_idx" ON "articles"("id") WHERE "folded";

-- Deleting a lead deletes its story: the members' "storyId" goes NULL with it (the
-- worker regroups them on its next pass). A folded member left without a story is
-- unfolded by lib/stories/store.ts's cleanup, which the cascade cannot do.
ALTER TABLE "stories" ADD CONSTRAINT "stories_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "articles" ADD CONSTRAINT "articles_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "stories"("id") ON DELETE SET NULL ON UPDATE CASCADE;
