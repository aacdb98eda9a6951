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

/** A passport instance of the app's own (no module-level state shared between apps in one process). */
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
  // The session keeps a snapshot of who the user is, so a request costs no user lookup. Any change
  // to a user's access (disabled, role changed, password reset) ends all their sessions
  // (endSessionsOf), so a snapshot never outlives the access it describes.
  pp.serializeUser((user, done) => done(null, user));
  pp.deserializeUser((user: SessionUser, done) => done(null, user && typeof user === 'object' && user.id ? user : false));
  return pp;
}
