// Prisma CLI configuration: the JavaScript schema engine over the pg driver
// adapter, because Prisma's native engines cannot be downloaded on our machines
// (see ../shared/STACK.md). The app's runtime client does not use this file.
import "dotenv/config";
import { defineConfig } from "prisma/config";
import { cliAdapterFactory } from "./lib/db/cli-adapter";

// A placeholder lets `prisma generate` (postinstall) run with no database set up.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/readahead";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  adapter: async () => cliAdapterFactory(process.env.DATABASE_URL!),
});
