-- A feed could set a source's site link (and image) to any URL scheme: javascript:, data:,
-- file:. Polls and `sources add` now keep http(s) URLs only (lib/feeds/canonical-url.ts
-- toHttpUrl), and this clears what was stored before. A cleared site link is filled again from
-- the feed's own link on the source's next successful poll, if that one is http(s).
UPDATE "sources" SET "siteUrl" = NULL WHERE "siteUrl" IS NOT NULL AND "siteUrl" !~* '^https?://';

UPDATE "sources" SET "imageUrl" = NULL WHERE "imageUrl" IS NOT NULL AND "imageUrl" !~* '^https?://';
