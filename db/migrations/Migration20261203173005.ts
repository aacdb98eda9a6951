import { Migration } from '@mikro-orm/migrations';

export class Migration20261203173005 extends Migration {

  override name = 'Migration20261203173005';

  override up(): void | Promise<void> {
    this.addSql(`create table "workflow_command" ("id" bigserial primary key, "created_at" timestamptz not null, "command_key" varchar(300) not null, "kind" varchar(10) not null, "workflow_id" varchar(200) not null, "name" varchar(100) not null, "task_queue" varchar(200) null, "args" jsonb not null, "search_attributes" jsonb null, "on_refused" jsonb null, "status" text not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "locked_until" timestamptz null, "last_error" text null, "delivered_at" timestamptz null);`);
    this.addSql(`alter table "workflow_command" add constraint "workflow_command_command_key_unique" unique ("command_key");`);
    this.addSql(`create index "workflow_command_status_next_attempt_at_index" on "workflow_command" ("status", "next_attempt_at");`);
    this.addSql(`create index "workflow_command_workflow_id_status_index" on "workflow_command" ("workflow_id", "status");`);

    this.addSql(`alter table "payment_event" add "status" varchar(20) not null default 'handled', add "provider_ref" varchar(200) null, add "paid_minor" bigint null, add "payment_id" uuid null;`);

    this.addSql(`alter table "workflow_command" add constraint "workflow_command_status_check" check ("status" in ('pending', 'delivered', 'refused', 'failed'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "workflow_command" cascade;`);

    this.addSql(`alter table "payment_event" drop column "status", drop column "provider_ref", drop column "paid_minor", drop column "payment_id";`);
  }

}
