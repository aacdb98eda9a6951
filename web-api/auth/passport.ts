import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { MikroORM } from '@mikro-orm/postgresql';
import { User } from '../../db/entities/user.ts';
import type { SessionUser } from './session-user.ts';
import { burnPasswordCheck, verifyPassword } from './passwords.ts';

export function toSessionUser(u: User): SessionUser {
  return {
    id: u.id, email: u.email, name: u.name, role: u.role,
    accountId: u.account?.id ?? null,
    accountName: (u.account as { name?: string } | null | undefined)?.name ?? null,
  };
}

/**
 * A passport instance of the app's own (no module-level state shared between apps in one process).
 * The session stores only the user id; each request reloads the user, so a disabled user or a
 * changed role takes effect at once.
 */
export function createPassport(orm: MikroORM): passport.PassportStatic {
  const pp = new passport.Passport() as unknown as passport.PassportStatic;
  pp.use(new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
    void (async () => {
      const em = orm.em.fork();
      const user = await em.findOne(User, { email: email.toLowerCase() }, { populate: ['passwordHash', 'account'] });
      if (!user || !user.passwordHash || user.disabledAt) {
        await burnPasswordCheck(password);
        return done(null, false);
      }
      if (!(await verifyPassword(user.passwordHash, password))) return done(null, false);
      return done(null, toSessionUser(user));
    })().catch(done);
  }));
  pp.serializeUser((user, done) => done(null, (user as SessionUser).id));
  pp.deserializeUser((id: string, done) => {
    void (async () => {
      const rows = await orm.em.getConnection().execute<{ id: string; email: string; name: string; role: SessionUser['role']; account_id: string | null; account_name: string | null }[]>(
        `select u.id, u.email, u.name, u.role, u.account_id, a.name as account_name
           from app_user u left join account a on a.id = u.account_id
          where u.id = ? and u.disabled_at is null`, [id]);
      const r = rows[0];
      done(null, r ? { id: r.id, email: r.email, name: r.name, role: r.role, accountId: r.account_id, accountName: r.account_name } : false);
    })().catch(done);
  });
  return pp;
}
