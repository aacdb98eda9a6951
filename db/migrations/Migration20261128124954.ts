import { Migration } from '@mikro-orm/migrations';

export class Migration20261128124954 extends Migration {

  override name = 'Migration20261128124954';

  override up(): void | Promise<void> {
    this.addSql(`create table "signature_document" ("id" uuid not null, "created_at" timestamptz not null, "account_id" uuid not null, "engagement_id" uuid not null, "title" varchar(200) not null, "status" varchar(20) not null default 'draft', "original_file_id" uuid not null, "original_sha256" varchar(64) not null, "page_count" int not null, "fields" jsonb not null default '[]', "ordering" varchar(12) not null default 'sequential', "reminder_every_days" int not null default 3, "expires_after_days" int not null default 30, "expires_at" timestamptz null, "sealed_file_id" uuid null, "sealed_sha256" varchar(64) null, "sealed_at" timestamptz null, "void_reason" varchar(1000) null, "workflow_id" varchar(120) not null, "created_by_id" uuid not null, "state" jsonb not null default '{}', "version" int not null default 0, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "signature_document_account_id_index" on "signature_document" ("account_id");`);
    this.addSql(`create index "signature_document_engagement_id_index" on "signature_document" ("engagement_id");`);
    this.addSql(`alter table "signature_document" add constraint "signature_document_sealed_sha256_unique" unique ("sealed_sha256");`);
    this.addSql(`alter table "signature_document" add constraint "signature_document_workflow_id_unique" unique ("workflow_id");`);

    this.addSql(`create table "document_signer" ("id" uuid not null, "created_at" timestamptz not null, "document_id" uuid not null, "key" varchar(60) not null, "position" int not null, "name" varchar(200) not null, "email" varchar(254) not null, "user_id" uuid null, "role_label" varchar(100) not null, "status" varchar(20) not null default 'waiting', "auth_method" varchar(60) null, "ip" varchar(64) null, "user_agent" varchar(500) null, "consent_at" timestamptz null, "viewed_at" timestamptz null, "signed_at" timestamptz null, "declined_at" timestamptz null, "decline_reason" varchar(1000) null, "signature" jsonb null, "initials" varchar(10) null, "values" jsonb not null default '{}', primary key ("id"));`);
    this.addSql(`alter table "document_signer" add constraint "document_signer_document_id_key_unique" unique ("document_id", "key");`);

    this.addSql(`create table "signing_link" ("id" uuid not null, "created_at" timestamptz not null, "signer_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "code_hash" varchar(64) null, "code_expires_at" timestamptz null, "code_attempts" int not null default 0, "verified_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "signing_link_signer_id_index" on "signing_link" ("signer_id");`);
    this.addSql(`alter table "signing_link" add constraint "signing_link_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "signature_document" add constraint "signature_document_account_id_foreign" foreign key ("account_id") references "account" ("id");`);

    this.addSql(`alter table "document_signer" add constraint "document_signer_document_id_foreign" foreign key ("document_id") references "signature_document" ("id");`);

    this.addSql(`alter table "signing_link" add constraint "signing_link_signer_id_foreign" foreign key ("signer_id") references "document_signer" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "document_signer" drop constraint "document_signer_document_id_foreign";`);
    this.addSql(`alter table "signing_link" drop constraint "signing_link_signer_id_foreign";`);

    this.addSql(`drop table if exists "signature_document" cascade;`);
    this.addSql(`drop table if exists "document_signer" cascade;`);
    this.addSql(`drop table if exists "signing_link" cascade;`);
  }

}
