// Writes a migration for the difference between the entities and the migrations' snapshot.
import { DEFAULT_DATABASE_URL, ensureDatabase, initORM, migrate } from '../db/orm.ts';

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
await ensureDatabase(url);
const orm = await initORM(url);
try {
  await migrate(orm);
  const initial = (await orm.migrator.getExecuted()).length === 0;
  const result = initial ? await orm.migrator.createInitial() : await orm.migrator.create();
  console.log(result.fileName ? `created ${result.fileName}` : 'entities and migrations agree: nothing to write');
} finally {
  await orm.close();
}
