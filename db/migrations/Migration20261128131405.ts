import { Migration } from '@mikro-orm/migrations';

export class Migration20261128131405 extends Migration {

  override name = 'Migration20261128131405';

  override up(): void | Promise<void> {
    this.addSql(`create table "invoice" ("id" uuid not null, "created_at" timestamptz not null, "account_id" uuid not null, "engagement_id" uuid null, "schedule_key" varchar(60) null, "number" int null, "status" varchar(20) not null default 'draft', "currency" varchar(3) not null, "tax_rate_bp" int not null default 0, "issue_date" varchar(10) null, "due_date" varchar(10) not null, "notes" text not null default '', "subtotal_minor" bigint not null default '0', "tax_minor" bigint not null default '0', "total_minor" bigint not null default '0', "paid_minor" bigint not null default '0', "refunded_minor" bigint not null default '0', "pdf_file_id" uuid null, "pdf_sha256" varchar(64) null, "sent_file_id" uuid null, "sent_sha256" varchar(64) null, "sent_at" timestamptz null, "void_reason" varchar(1000) null, "dunning_policy" jsonb null, "dunning" jsonb not null default '{}', "version" int not null default 0, "workflow_id" varchar(120) not null, "created_by_id" uuid not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "invoice_account_id_index" on "invoice" ("account_id");`);
    this.addSql(`create index "invoice_engagement_id_index" on "invoice" ("engagement_id");`);
    this.addSql(`alter table "invoice" add constraint "invoice_number_unique" unique ("number");`);
    this.addSql(`alter table "invoice" add constraint "invoice_workflow_id_unique" unique ("workflow_id");`);

    this.addSql(`create table "invoice_counter" ("id" int not null, "next_number" int not null, primary key ("id"));`);

    this.addSql(`create table "invoice_dispute_message" ("id" uuid not null, "created_at" timestamptz not null, "invoice_id" uuid not null, "author_id" uuid not null, "body" text not null, primary key ("id"));`);
    this.addSql(`create index "invoice_dispute_message_invoice_id_index" on "invoice_dispute_message" ("invoice_id");`);

    this.addSql(`create table "invoice_line" ("id" uuid not null, "created_at" timestamptz not null, "invoice_id" uuid not null, "position" int not null, "description" varchar(500) not null, "quantity_milli" int not null, "unit_minor" bigint not null, "amount_minor" bigint not null, "kind" varchar(20) not null default 'item', "step_key" varchar(60) null, "waived_reason" varchar(1000) null, primary key ("id"));`);
    this.addSql(`alter table "invoice_line" add constraint "invoice_line_invoice_id_step_key_unique" unique ("invoice_id", "step_key");`);

    this.addSql(`create table "payment" ("id" uuid not null, "created_at" timestamptz not null, "invoice_id" uuid not null, "account_id" uuid not null, "method" varchar(20) not null, "status" varchar(20) not null, "kind" varchar(10) not null default 'payment', "amount_minor" bigint not null, "currency" varchar(3) not null, "reference" varchar(200) null, "provider_ref" varchar(200) null, "provider_event_id" varchar(200) null, "note" varchar(1000) null, "created_by_id" uuid null, "confirmed_by_id" uuid null, "confirmed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "payment_invoice_id_index" on "payment" ("invoice_id");`);
    this.addSql(`create index "payment_account_id_index" on "payment" ("account_id");`);
    this.addSql(`alter table "payment" add constraint "payment_provider_ref_unique" unique ("provider_ref");`);
    this.addSql(`alter table "payment" add constraint "payment_provider_event_id_unique" unique ("provider_event_id");`);

    this.addSql(`create table "payment_event" ("event_id" varchar(200) not null, "provider" varchar(20) not null, "type" varchar(100) not null, "received_at" timestamptz not null, primary key ("event_id"));`);

    this.addSql(`alter table "invoice" add constraint "invoice_account_id_foreign" foreign key ("account_id") references "account" ("id");`);

    this.addSql(`alter table "invoice_dispute_message" add constraint "invoice_dispute_message_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id");`);

    this.addSql(`alter table "invoice_line" add constraint "invoice_line_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id");`);

    this.addSql(`alter table "payment" add constraint "payment_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "invoice_dispute_message" drop constraint "invoice_dispute_message_invoice_id_foreign";`);
    this.addSql(`alter table "invoice_line" drop constraint "invoice_line_invoice_id_foreign";`);
    this.addSql(`alter table "payment" drop constraint "payment_invoice_id_foreign";`);

    this.addSql(`drop table if exists "invoice" cascade;`);
    this.addSql(`drop table if exists "invoice_counter" cascade;`);
    this.addSql(`drop table if exists "invoice_dispute_message" cascade;`);
    this.addSql(`drop table if exists "invoice_line" cascade;`);
    this.addSql(`drop table if exists "payment" cascade;`);
    this.addSql(`drop table if exists "payment_event" cascade;`);
  }

}
