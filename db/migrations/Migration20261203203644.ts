import { Migration } from '@mikro-orm/migrations';

export class Migration20261203203644 extends Migration {

  override name = 'Migration20261203203644';

  override up(): void | Promise<void> {
    this.addSql(`create table "signing_certificate" ("id" serial primary key, "sha256" varchar(64) not null, "certificate_pem" text not null, "subject" text not null, "source" varchar(16) not null, "private_key_sealed" text null, "created_at" timestamptz(3) not null);`);
    this.addSql(`alter table "signing_certificate" add constraint "signing_certificate_sha256_unique" unique ("sha256");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "signing_certificate" cascade;`);
  }

}
