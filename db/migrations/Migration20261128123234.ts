import { Migration } from '@mikro-orm/migrations';

export class Migration20261128123234 extends Migration {

  override name = 'Migration20261128123234';

  override up(): void | Promise<void> {
    this.addSql(`create table "deliverable" ("id" uuid not null, "created_at" timestamptz not null, "account_id" uuid not null, "engagement_id" uuid not null, "template_key" varchar(60) null, "title" varchar(200) not null, "description" text not null default '', "status" varchar(30) not null default 'awaiting_version', "policy" jsonb not null, "review" jsonb not null default '{}', "version" int not null default 0, "unlock_on_approval" boolean not null default true, "due_at" timestamptz null, "workflow_id" varchar(120) not null, "created_by_id" uuid not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "deliverable_account_id_index" on "deliverable" ("account_id");`);
    this.addSql(`create index "deliverable_engagement_id_index" on "deliverable" ("engagement_id");`);
    this.addSql(`alter table "deliverable" add constraint "deliverable_workflow_id_unique" unique ("workflow_id");`);

    this.addSql(`create table "deliverable_version" ("id" uuid not null, "created_at" timestamptz not null, "deliverable_id" uuid not null, "number" int not null, "stored_file_id" uuid not null, "sha256" varchar(64) not null, "uploaded_by_id" uuid not null, "note" varchar(1000) null, "idempotency_key" varchar(100) null, primary key ("id"));`);
    this.addSql(`alter table "deliverable_version" add constraint "deliverable_version_deliverable_id_number_unique" unique ("deliverable_id", "number");`);
    this.addSql(`alter table "deliverable_version" add constraint "deliverable_version_deliverable_id_idempotency_key_unique" unique ("deliverable_id", "idempotency_key");`);

    this.addSql(`create table "folder" ("id" uuid not null, "created_at" timestamptz not null, "account_id" uuid not null, "parent_id" uuid null, "name" varchar(200) not null, "staff_only" boolean not null default false, "created_by_id" uuid not null, primary key ("id"));`);
    this.addSql(`create index "folder_account_id_index" on "folder" ("account_id");`);
    this.addSql(`create index "folder_parent_id_index" on "folder" ("parent_id");`);

    this.addSql(`create table "library_file" ("id" uuid not null, "created_at" timestamptz not null, "account_id" uuid not null, "folder_id" uuid null, "name" varchar(255) not null, "staff_only" boolean not null default false, "created_by_id" uuid not null, "latest_version" int not null default 0, "updated_at" timestamptz not null, "deleted_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "library_file_account_id_index" on "library_file" ("account_id");`);
    this.addSql(`create index "library_file_folder_id_index" on "library_file" ("folder_id");`);

    this.addSql(`create table "library_file_version" ("id" uuid not null, "created_at" timestamptz not null, "file_id" uuid not null, "version" int not null, "stored_file_id" uuid not null, "uploaded_by_id" uuid not null, "note" varchar(1000) null, primary key ("id"));`);
    this.addSql(`create index "library_file_version_stored_file_id_index" on "library_file_version" ("stored_file_id");`);
    this.addSql(`alter table "library_file_version" add constraint "library_file_version_file_id_version_unique" unique ("file_id", "version");`);

    this.addSql(`create table "review_comment" ("id" uuid not null, "created_at" timestamptz not null, "deliverable_id" uuid not null, "version_id" uuid not null, "parent_id" uuid null, "author_id" uuid not null, "body" text not null, "internal" boolean not null default false, "anchor" jsonb null, "mentions" jsonb not null default '[]', primary key ("id"));`);
    this.addSql(`create index "review_comment_version_id_index" on "review_comment" ("version_id");`);

    this.addSql(`create table "review_decision" ("id" uuid not null, "created_at" timestamptz not null, "deliverable_id" uuid not null, "round" int not null, "version_id" uuid not null, "version_sha256" varchar(64) not null, "stage_key" varchar(60) not null, "reviewer_id" uuid not null, "reviewer_name" varchar(200) not null, "decision" varchar(30) not null, "comment" text null, "ip" varchar(64) null, "user_agent" varchar(500) null, "superseded_at" timestamptz null, "event_key" varchar(200) not null, primary key ("id"));`);
    this.addSql(`alter table "review_decision" add constraint "review_decision_event_key_unique" unique ("event_key");`);

    this.addSql(`alter table "account" add "storage_quota_bytes" bigint null;`);

    this.addSql(`alter table "deliverable" add constraint "deliverable_account_id_foreign" foreign key ("account_id") references "account" ("id");`);

    this.addSql(`alter table "deliverable_version" add constraint "deliverable_version_deliverable_id_foreign" foreign key ("deliverable_id") references "deliverable" ("id");`);

    this.addSql(`alter table "folder" add constraint "folder_account_id_foreign" foreign key ("account_id") references "account" ("id");`);

    this.addSql(`alter table "library_file" add constraint "library_file_account_id_foreign" foreign key ("account_id") references "account" ("id");`);

    this.addSql(`alter table "library_file_version" add constraint "library_file_version_file_id_foreign" foreign key ("file_id") references "library_file" ("id");`);

    this.addSql(`alter table "review_comment" add constraint "review_comment_deliverable_id_foreign" foreign key ("deliverable_id") references "deliverable" ("id");`);

    this.addSql(`alter table "review_decision" add constraint "review_decision_deliverable_id_foreign" foreign key ("deliverable_id") references "deliverable" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "deliverable_version" drop constraint "deliverable_version_deliverable_id_foreign";`);
    this.addSql(`alter table "review_comment" drop constraint "review_comment_deliverable_id_foreign";`);
    this.addSql(`alter table "review_decision" drop constraint "review_decision_deliverable_id_foreign";`);
    this.addSql(`alter table "library_file_version" drop constraint "library_file_version_file_id_foreign";`);

    this.addSql(`drop table if exists "deliverable" cascade;`);
    this.addSql(`drop table if exists "deliverable_version" cascade;`);
    this.addSql(`drop table if exists "folder" cascade;`);
    this.addSql(`drop table if exists "library_file" cascade;`);
    this.addSql(`drop table if exists "library_file_version" cascade;`);
    this.addSql(`drop table if exists "review_comment" cascade;`);
    this.addSql(`drop table if exists "review_decision" cascade;`);

    this.addSql(`alter table "account" drop column "storage_quota_bytes";`);
  }

}
