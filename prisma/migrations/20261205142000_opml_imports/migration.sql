-- OPML imports from the console run after the response (issue 14): each row counts
-- what is done and keeps each feed's outcome for the status page that refreshes itself.
-- No semicolons inside comments: `prisma migrate deploy` splits at each one.

CREATE TABLE "opml_imports" (
    "id" SERIAL NOT NULL,
    "startedBy" VARCHAR(40) NOT NULL,
    "total" INTEGER NOT NULL,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "results" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "opml_imports_pkey" PRIMARY KEY ("id")
);
