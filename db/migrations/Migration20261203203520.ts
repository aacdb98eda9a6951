import { Migration } from '@mikro-orm/migrations';

export class Migration20261203203520 extends Migration {

  override name = 'Migration20261203203520';

  override up(): void | Promise<void> {
    // The console's text search: a trigram index (pg_trgm is a trusted extension, so the database's
    // owner may create it; PostgreSQL ships it).
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`drop index "audit_event_account_id_index";`);
    this.addSql(`drop index "audit_event_action_index";`);
    this.addSql(`create index "audit_event_account_id_seq_index" on "audit_event" ("account_id", "seq");`);
    this.addSql(`create index "audit_event_target_seq_index" on "audit_event" ("target_type", "target_id", "seq");`);
    this.addSql(`create index "audit_event_actor_id_seq_index" on "audit_event" ("actor_id", "seq");`);
    this.addSql(`create index "audit_event_actor_email_seq_index" on "audit_event" (lower(actor_email), seq);`);
    this.addSql(`create index "audit_event_action_seq_index" on "audit_event" ((action collate "C"), seq);`);
    this.addSql(`create index "audit_event_occurred_at_index" on "audit_event" ("occurred_at");`);
    this.addSql(`create index "audit_event_search_trgm_index" on "audit_event" using gin ((action || ' ' || coalesce(actor_email, '') || ' ' || coalesce(target_id, '') || ' ' || data::text) gin_trgm_ops);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "audit_event_account_id_seq_index";`);
    this.addSql(`drop index "audit_event_target_seq_index";`);
    this.addSql(`drop index "audit_event_actor_id_seq_index";`);
    this.addSql(`drop index "audit_event_actor_email_seq_index";`);
    this.addSql(`drop index "audit_event_action_seq_index";`);
    this.addSql(`drop index "audit_event_occurred_at_index";`);
    this.addSql(`drop index "audit_event_search_trgm_index";`);
    this.addSql(`create index "audit_event_account_id_index" on "audit_event" ("account_id");`);
    this.addSql(`create index "audit_event_action_index" on "audit_event" ("action");`);
  }

}
