// `npm run db:seed`: seeds the default sources once (see lib/sources/seed.ts).
import "dotenv/config";
import { db } from "../lib/db";
import { seedDefaultSources } from "../lib/sources/seed";

const inserted = await seedDefaultSources(db);
console.log(inserted ? `seeded ${inserted} default sources` : "default sources already seeded; nothing to do");
await db.$disconnect();
