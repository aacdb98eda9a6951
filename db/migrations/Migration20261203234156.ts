import { Migration } from '@mikro-orm/migrations';

export class Migration20261203234156 extends Migration {

  override name = 'Migration20261203234156';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "session_session_changed_fn"() returns trigger as \$\$ begin perform pg_notify('portico_session_changed', old.sid); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "session_changed" AFTER UPDATE OR DELETE on "session" for each ROW execute function "session_session_changed_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "session_changed" on "session";`);
    this.addSql(`drop function if exists "session_session_changed_fn"();`);
  }

}
