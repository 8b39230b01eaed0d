// vitest setupFile for integration tests: this file's own migrated database.
// Runs before the test file's imports, so lib/db connects to it.
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { resetEnvCache } from "../../lib/env";
import { createDatabase, dropDatabase } from "./pg-admin";

const template = inject("templateDatabase");
const name = `${template.replace(/_tpl$/, "")}_${randomBytes(3).toString("hex")}`;
process.env.DATABASE_URL = await createDatabase(name, template);
resetEnvCache();

afterAll(async () => {
  const { db } = await import("../../lib/db");
  await db.$disconnect();
  await dropDatabase(name);
});
