import { Migration } from '@mikro-orm/migrations';

export class Migration20261128121258 extends Migration {

  override name = 'Migration20261128121258';

  override up(): void | Promise<void> {
    this.addSql(`create table "stored_file" ("id" uuid not null, "created_at" timestamptz not null, "account_id" uuid not null, "name" varchar(255) not null, "content_type" varchar(120) not null, "size" bigint not null, "sha256" varchar(64) not null, "storage_key" varchar(200) not null, "uploaded_by_id" uuid not null, "purpose" varchar(40) not null, "engagement_id" uuid null, "item_key" varchar(60) null, "staff_only" boolean not null default false, "idempotency_key" varchar(100) null, primary key ("id"));`);
    this.addSql(`create index "stored_file_account_id_index" on "stored_file" ("account_id");`);
    this.addSql(`create index "stored_file_sha256_index" on "stored_file" ("sha256");`);
    this.addSql(`create index "stored_file_engagement_id_index" on "stored_file" ("engagement_id");`);
    this.addSql(`alter table "stored_file" add constraint "stored_file_account_id_idempotency_key_unique" unique ("account_id", "idempotency_key");`);

    this.addSql(`alter table "stored_file" add constraint "stored_file_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "stored_file" cascade;`);
  }

}
