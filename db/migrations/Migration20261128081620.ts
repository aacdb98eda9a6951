import { Migration } from '@mikro-orm/migrations';

export class Migration20261128081620 extends Migration {

  override name = 'Migration20261128081620';

  override up(): void | Promise<void> {
    this.addSql(`alter table "engagement" add "checklist" jsonb not null default '[]', add "checklist_version" int not null default 0;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "engagement" drop column "checklist", drop column "checklist_version";`);
  }

}
