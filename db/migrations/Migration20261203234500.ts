import { Migration } from '@mikro-orm/migrations';

/**
 * Every change or deletion of a session row notifies `portico_session_changed` with its id (or `*`
 * when one statement touched more than 100 rows), so each API process can drop its cached copy: a
 * sign-out, a password reset or a session ended by hand in one place holds in all of them.
 */
export class Migration20261203234500 extends Migration {

  override name = 'Migration20261203234500';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function session_changed_notify() returns trigger language plpgsql as $$
      declare n integer;
      begin
        select count(*) into n from changed;
        if n > 100 then
          perform pg_notify('portico_session_changed', '*');
        else
          perform pg_notify('portico_session_changed', sid) from changed;
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger session_updated after update on "session" referencing old table as changed for each statement execute function session_changed_notify();`);
    this.addSql(`create trigger session_deleted after delete on "session" referencing old table as changed for each statement execute function session_changed_notify();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists session_updated on "session";`);
    this.addSql(`drop trigger if exists session_deleted on "session";`);
    this.addSql(`drop function if exists session_changed_notify();`);
  }

}
