import { Migration } from '@mikro-orm/migrations';

export class Migration20261203173255 extends Migration {

  override name = 'Migration20261203173255';

  override up(): void | Promise<void> {
    this.addSql(`create table "rate_limit" ("key" text not null, "points" int not null default 0, "expire" bigint null, primary key ("key"));`);

    this.addSql(`drop table if exists "login_throttle" cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create table "login_throttle" ("blocked_until" timestamptz(6) null, "failures" int not null, "key" varchar(400) not null, "window_started_at" timestamptz(6) not null, primary key ("key"));`);

    this.addSql(`drop table if exists "rate_limit" cascade;`);
  }

}
