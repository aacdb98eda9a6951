// Creates the database if it is missing and runs the pending migrations.
import { DEFAULT_DATABASE_URL, ensureDatabase, initORM, migrate } from '../db/orm.ts';

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
await ensureDatabase(url);
const orm = await initORM(url);
try {
  const ran = await migrate(orm);
  console.log(ran.length ? `migrated: ${ran.join(', ')}` : 'database is up to date');
} finally {
  await orm.close();
}
