// `npm run db:migrate`: applies pending migrations to DATABASE_URL (npm start does this itself).
import "dotenv/config";
import { migrateDatabase } from "../lib/db/migrate";
import { ConfigError, requireDatabaseUrl } from "../lib/env";

try {
  const { applied, alreadyApplied } = await migrateDatabase(requireDatabaseUrl());
  console.log(applied.length ? `applied ${applied.join(", ")}` : `nothing to apply (${alreadyApplied} migrations already applied)`);
} catch (err) {
  console.error(`readahead: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
