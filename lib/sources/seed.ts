import type { PrismaClient } from "../db";
import { DEFAULT_SOURCES } from "./default-sources";

const SEEDED_KEY = "default_sources_seeded_at";

/**
 * Inserts the default sources once per installation. Idempotent: a second call
 * (or a concurrent one) inserts nothing, and sources an operator removed stay removed.
 * Returns how many sources were inserted.
 */
export async function seedDefaultSources(db: PrismaClient): Promise<number> {
  return db.$transaction(async (tx) => {
    // Serialise concurrent first starts on the marker row.
    const claimed = await tx.setting.createMany({
      data: [{ key: SEEDED_KEY, value: new Date().toISOString() }],
      skipDuplicates: true,
    });
    if (claimed.count === 0) return 0;
    const created = await tx.source.createMany({
      data: DEFAULT_SOURCES.map((s) => ({ ...s })),
      skipDuplicates: true,
    });
    return created.count;
  });
}
