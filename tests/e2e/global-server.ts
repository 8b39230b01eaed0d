// vitest globalSetup for browser tests: a migrated, seeded database and the
// production app serving it.
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../lib/db/migrate";
import { createDatabase, dropDatabase } from "../helpers/pg-admin";
import { ensureProductionBuild, startApp } from "../helpers/app-server";
import { seedE2eData } from "./seed-data";

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
  const app = await startApp({ DATABASE_URL: url });
  project.provide("baseUrl", app.baseUrl);
  project.provide("e2eDatabaseUrl", url);
  return async () => {
    await app.stop();
    await dropDatabase(name);
  };
}
