// vitest globalSetup for browser tests: a migrated, seeded database and the
// production app serving it.
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../lib/db/migrate";
import { createDatabase, dropDatabase } from "../helpers/pg-admin";
import { ensureProductionBuild, startApp } from "../helpers/app-server";
import { seedE2eData } from "./seed-data";

/** The account READAHEAD_ADMINS names on the browser tests' server. */
export const E2E_ADMIN_EMAIL = "e2e-admin@example.org";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    e2eDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const name = `readahead_e2e_${process.pid}`;
  const url = await createDatabase(name);
  await migrateDatabase(url);
  await seedE2eData(url);
  await ensureProductionBuild();
  // tests/e2e/moderation.test.ts logs in as this listed admin (issue 14).
  const app = await startApp({ DATABASE_URL: url, READAHEAD_ADMINS: E2E_ADMIN_EMAIL });
  project.provide("baseUrl", app.baseUrl);
  project.provide("e2eDatabaseUrl", url);
  return async () => {
    await app.stop();
    await dropDatabase(name);
  };
}
