import { Migration } from '@mikro-orm/migrations';

export class Migration20261128080933 extends Migration {

  override name = 'Migration20261128080933';

  override up(): void | Promise<void> {
    this.addSql(`create table "engagement_template" ("id" uuid not null, "created_at" timestamptz not null, "name" varchar(200) not null, "description" text not null, "status" text not null default 'active', "latest_version" int not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "engagement_template_version" ("id" uuid not null, "created_at" timestamptz not null, "template_id" uuid not null, "version" int not null, "definition" jsonb not null, "published_by_id" uuid not null, primary key ("id"));`);
    this.addSql(`alter table "engagement_template_version" add constraint "engagement_template_version_template_id_version_unique" unique ("template_id", "version");`);

    this.addSql(`alter table "engagement" add "template_version_id" uuid null;`);
    this.addSql(`create index "engagement_template_version_id_index" on "engagement" ("template_version_id");`);

    this.addSql(`alter table "engagement_template" add constraint "engagement_template_status_check" check ("status" in ('active', 'archived'));`);

    this.addSql(`alter table "engagement_template_version" add constraint "engagement_template_version_template_id_foreign" foreign key ("template_id") references "engagement_template" ("id");`);
    this.addSql(`alter table "engagement_template_version" add constraint "engagement_template_version_published_by_id_foreign" foreign key ("published_by_id") references "app_user" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "engagement_template_version" drop constraint "engagement_template_version_template_id_foreign";`);

    this.addSql(`drop table if exists "engagement_template" cascade;`);
    this.addSql(`drop table if exists "engagement_template_version" cascade;`);

    this.addSql(`drop index "engagement_template_version_id_index";`);
    this.addSql(`alter table "engagement" drop column "template_version_id";`);
  }

}
