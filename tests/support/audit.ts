import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * What an operator with database access does to the audit trail: switch the append-only trigger
 * off, run `statements`, switch it on again, in one transaction. Only for tests' own databases.
 */
export async function asDatabaseAdministrator(orm: MikroORM, statements: [string, unknown[]][]): Promise<void> {
  await orm.em.fork().transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await conn.execute('alter table audit_event disable trigger audit_event_no_update_delete', [], 'run', ctx);
    for (const [q, params] of statements) await conn.execute(q, params, 'run', ctx);
    await conn.execute('alter table audit_event enable trigger audit_event_no_update_delete', [], 'run', ctx);
  });
}
