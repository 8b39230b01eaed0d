// vitest globalSetup: migrates one template database for this run.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../lib/db/migrate";
import { createDatabase, dropDatabasesWithPrefix } from "./pg-admin";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const prefix = `readahead_t_${randomBytes(4).toString("hex")}`;
  const template = `${prefix}_tpl`;
  const url = await createDatabase(template);
  await migrateDatabase(url);
  project.provide("templateDatabase", template);
  return async () => {
    await dropDatabasesWithPrefix(prefix);
  };
}
