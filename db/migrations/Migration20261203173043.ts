import { Migration } from '@mikro-orm/migrations';

export class Migration20261203173043 extends Migration {

  override name = 'Migration20261203173043';

  override up(): void | Promise<void> {
    this.addSql(`create table "signed_copy_link" ("id" uuid not null, "created_at" timestamptz not null, "signer_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "signed_copy_link_signer_id_index" on "signed_copy_link" ("signer_id");`);
    this.addSql(`alter table "signed_copy_link" add constraint "signed_copy_link_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "outbox_email" add "secrets" jsonb null, add "secrets_expire_at" timestamptz null;`);
    this.addSql(`create index "outbox_email_secrets_expire_at_index" on "outbox_email" ("secrets_expire_at");`);

    this.addSql(`alter table "signed_copy_link" add constraint "signed_copy_link_signer_id_foreign" foreign key ("signer_id") references "document_signer" ("id");`);

    // Mail queued before secrets were declared: once delivered (or given up on), its stored copy loses
    // the token of every invitation, reset and signing link; a signing code, once delivered or past its
    // ten minutes, leaves the subject and the body. Unsent mail keeps its live links for delivery; the
    // outbox shows them redacted by their path.
    for (const column of ['text_body', 'html_body']) {
      this.addSql(`update "outbox_email" set "${column}" = regexp_replace("${column}", '(/(invite|invitations|reset-password|sign)/)[A-Za-z0-9_-]+', '\\1••••', 'g')
        where "status" in ('sent', 'failed') and "${column}" ~ '/(invite|invitations|reset-password|sign)/[A-Za-z0-9_-]+';`);
    }
    this.addSql(`update "outbox_email" set "subject" = regexp_replace("subject", '[0-9]{6}', '••••', 'g'),
        "text_body" = regexp_replace("text_body", 'one-time code is [0-9]{6}', 'one-time code is ••••', 'g'),
        "html_body" = regexp_replace("html_body", 'one-time code is [0-9]{6}', 'one-time code is ••••', 'g')
      where "kind" = 'signing_code' and ("status" in ('sent', 'failed') or "created_at" < now() - interval '10 minutes');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "signed_copy_link" cascade;`);

    this.addSql(`drop index "outbox_email_secrets_expire_at_index";`);
    this.addSql(`alter table "outbox_email" drop column "secrets", drop column "secrets_expire_at";`);
  }

}
