import { Migration } from '@mikro-orm/migrations';

export class Migration20261128151120 extends Migration {

  override name = 'Migration20261128151120';

  override up(): void | Promise<void> {
    this.addSql(`create table "work_pause" ("id" uuid not null, "created_at" timestamptz not null, "invoice_id" uuid not null, "account_id" uuid not null, "step_key" varchar(60) not null, "lifted_at" timestamptz null, "lifted_because" varchar(20) null, "lifted_by_id" uuid null, "lift_reason" varchar(1000) null, primary key ("id"));`);
    this.addSql(`create index "work_pause_account_id_index" on "work_pause" ("account_id");`);
    this.addSql(`alter table "work_pause" add constraint "work_pause_invoice_id_step_key_unique" unique ("invoice_id", "step_key");`);

    this.addSql(`alter table "invoice" add constraint "invoice_engagement_id_schedule_key_unique" unique ("engagement_id", "schedule_key");`);

    this.addSql(`alter table "work_pause" add constraint "work_pause_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "work_pause" cascade;`);

    this.addSql(`alter table "invoice" drop constraint "invoice_engagement_id_schedule_key_unique";`);
  }

}
