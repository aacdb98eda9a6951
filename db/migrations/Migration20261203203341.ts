import { Migration } from '@mikro-orm/migrations';

export class Migration20261203203341 extends Migration {

  override name = 'Migration20261203203341';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_digest" ("id" serial primary key, "account_id" uuid not null, "checkpoint_id" int not null, "seq" bigint not null, "account_count" bigint not null, "account_hash" varchar(64) not null, "created_at" timestamptz(3) not null);`);
    this.addSql(`alter table "audit_digest" add constraint "audit_digest_account_id_checkpoint_id_unique" unique ("account_id", "checkpoint_id");`);

    this.addSql(`alter table "account" add "audit_digest_to" varchar(20) null, add "audit_digest_address" varchar(254) null, add "audit_digest_since" timestamptz(3) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "audit_digest" cascade;`);

    this.addSql(`alter table "account" drop column "audit_digest_to", drop column "audit_digest_address", drop column "audit_digest_since";`);
  }

}
