import { Migration } from '@mikro-orm/migrations';

export class Migration20261203190059 extends Migration {

  override name = 'Migration20261203190059';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_checkpoint" ("id" serial primary key, "seq" bigint not null, "head_hash" varchar(64) not null, "count" bigint not null, "created_at" timestamptz(3) not null, "key_id" int not null, "signature" text not null);`);
    this.addSql(`create index "audit_checkpoint_seq_index" on "audit_checkpoint" ("seq");`);

    this.addSql(`create table "audit_signing_key" ("id" serial primary key, "public_key_pem" text not null, "private_key_sealed" text not null, "created_at" timestamptz(3) not null);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "audit_checkpoint" cascade;`);
    this.addSql(`drop table if exists "audit_signing_key" cascade;`);
  }

}
