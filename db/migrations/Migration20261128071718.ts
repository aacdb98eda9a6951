import { Migration } from '@mikro-orm/migrations';

export class Migration20261128071718 extends Migration {

  override name = 'Migration20261128071718';

  override up(): void | Promise<void> {
    this.addSql(`create table "account" ("id" uuid not null, "created_at" timestamptz not null, "name" varchar(200) not null, "stage" varchar(40) not null default 'onboarding', primary key ("id"));`);

    this.addSql(`create table "audit_event" ("seq" bigserial primary key, "event_key" varchar(300) not null, "occurred_at" timestamptz(3) not null, "action" varchar(80) not null, "actor_id" uuid null, "actor_email" varchar(254) null, "actor_role" varchar(40) null, "account_id" uuid null, "target_type" varchar(60) null, "target_id" varchar(120) null, "ip" varchar(64) null, "user_agent" varchar(512) null, "data" jsonb not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null);`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_event_key_unique" unique ("event_key");`);
    this.addSql(`create index "audit_event_action_index" on "audit_event" ("action");`);
    this.addSql(`create index "audit_event_account_id_index" on "audit_event" ("account_id");`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_hash_unique" unique ("hash");`);
    this.addSql(`create or replace function "audit_event_audit_event_no_update_delete_fn"() returns trigger as \$\$ begin raise exception 'audit_event is append-only (% refused)', tg_op using errcode = 'P0001'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "audit_event_no_update_delete" BEFORE UPDATE OR DELETE on "audit_event" for each ROW execute function "audit_event_audit_event_no_update_delete_fn"();`);
    // Not in the entity metadata: the schema diff does not introspect statement-level triggers.
    this.addSql(`create trigger "audit_event_no_truncate" BEFORE TRUNCATE on "audit_event" for each STATEMENT execute function "audit_event_audit_event_no_update_delete_fn"();`);

    this.addSql(`create table "branding" ("id" int not null, "business_name" varchar(120) not null, "primary_color" varchar(7) not null, "email_from" varchar(254) not null, "logo" bytea null, "logo_type" varchar(40) null, "logo_updated_at" timestamptz null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "engagement" ("id" uuid not null, "created_at" timestamptz not null, "account_id" uuid not null, "title" varchar(200) not null, "workflow_id" varchar(120) not null, "status" text not null default 'active', "milestones" jsonb not null, "progress_done" int not null default 0, "progress_total" int not null, "current_milestone" varchar(200) null, "waiting_on" varchar(20) null, "version" int not null default 0, "started_by_id" uuid null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "engagement_account_id_index" on "engagement" ("account_id");`);
    this.addSql(`alter table "engagement" add constraint "engagement_workflow_id_unique" unique ("workflow_id");`);
    this.addSql(`alter table "engagement" add constraint "engagement_status_check" check ("status" in ('active', 'completed'));`);

    this.addSql(`create table "login_throttle" ("key" varchar(400) not null, "failures" int not null, "window_started_at" timestamptz not null, "blocked_until" timestamptz null, primary key ("key"));`);

    this.addSql(`create table "outbox_email" ("id" uuid not null, "created_at" timestamptz not null, "idempotency_key" varchar(300) not null, "to_address" varchar(254) not null, "subject" varchar(300) not null, "text_body" text not null, "html_body" text not null, "kind" varchar(60) not null, "status" text not null default 'pending', "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz not null, "sent_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "outbox_email" add constraint "outbox_email_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "outbox_email_status_next_attempt_at_index" on "outbox_email" ("status", "next_attempt_at");`);
    this.addSql(`alter table "outbox_email" add constraint "outbox_email_status_check" check ("status" in ('pending', 'sending', 'sent', 'failed'));`);

    this.addSql(`create table "session" ("sid" varchar(255) not null, "sess" jsonb not null, "expire" timestamptz(6) not null, primary key ("sid"));`);
    this.addSql(`create index "session_expire_index" on "session" ("expire");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null, "email" varchar(254) not null, "name" varchar(200) not null, "role" text not null, "account_id" uuid null, "title" varchar(120) null, "phone" varchar(40) null, "password_hash" text null, "password_changed_at" timestamptz null, "disabled_at" timestamptz null, "last_login_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);
    this.addSql(`create index "app_user_account_id_index" on "app_user" ("account_id");`);
    this.addSql(`alter table "app_user" add constraint "app_user_role_check" check ("role" in ('client_member', 'client_admin', 'staff', 'admin', 'compliance_reviewer'));`);

    this.addSql(`create table "password_reset" ("id" uuid not null, "created_at" timestamptz not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "password_reset_user_id_index" on "password_reset" ("user_id");`);
    this.addSql(`alter table "password_reset" add constraint "password_reset_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "invitation" ("id" uuid not null, "created_at" timestamptz not null, "email" varchar(254) not null, "name" varchar(200) null, "role" text not null, "account_id" uuid null, "invited_by_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "accepted_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "invitation_account_id_index" on "invitation" ("account_id");`);
    this.addSql(`alter table "invitation" add constraint "invitation_token_hash_unique" unique ("token_hash");`);
    this.addSql(`alter table "invitation" add constraint "invitation_role_check" check ("role" in ('client_member', 'client_admin', 'staff', 'admin', 'compliance_reviewer'));`);

    this.addSql(`create table "account_team_member" ("id" uuid not null, "created_at" timestamptz not null, "account_id" uuid not null, "user_id" uuid not null, "team_role" varchar(80) not null, "is_manager" boolean not null default false, primary key ("id"));`);
    this.addSql(`create index "account_team_member_user_id_index" on "account_team_member" ("user_id");`);
    this.addSql(`alter table "account_team_member" add constraint "account_team_member_account_id_user_id_unique" unique ("account_id", "user_id");`);

    this.addSql(`alter table "engagement" add constraint "engagement_account_id_foreign" foreign key ("account_id") references "account" ("id");`);

    this.addSql(`alter table "app_user" add constraint "app_user_account_id_foreign" foreign key ("account_id") references "account" ("id") on delete set null;`);

    this.addSql(`alter table "password_reset" add constraint "password_reset_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);

    this.addSql(`alter table "invitation" add constraint "invitation_account_id_foreign" foreign key ("account_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "invitation" add constraint "invitation_invited_by_id_foreign" foreign key ("invited_by_id") references "app_user" ("id");`);

    this.addSql(`alter table "account_team_member" add constraint "account_team_member_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "account_team_member" add constraint "account_team_member_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);
  }

}
