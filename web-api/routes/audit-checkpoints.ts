import { Router } from 'express';
import { z } from 'zod';
import { listAuditCheckpoints } from '../../db/audit-checkpoint.ts';
import { recordAudit } from '../../db/audit.ts';
import { AppError } from '../errors.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { auditContext, authorize, roleMay } from '../policy.ts';
import type { EntityManager } from '@mikro-orm/postgresql';

const AccountParams = z.object({ accountId: fields.uuid });

const DigestSetting = z.object({
  /** `off`, the account's client admins, or one address. */
  recipients: z.enum(['off', 'client_admins', 'address']),
  address: z.string().nullable(),
  /** When digests were switched on: the first digest is of the first checkpoint after it. */
  since: z.string().nullable(),
  /** Who would receive the next digest. */
  sendsTo: z.array(z.string()),
  /** Whether the caller may change the setting (client admins of the account, the business's admins). */
  canManage: z.boolean(),
}).meta({ id: 'AuditDigestSetting' });

const DigestBody = z.strictObject({
  recipients: z.enum(['off', 'client_admins', 'address'], { message: 'Choose off, the client admins, or an address' }),
  address: fields.email.nullish(),
}).superRefine((b, ctx) => {
  if (b.recipients === 'address' && !b.address) ctx.addIssue({ code: 'custom', path: ['address'], message: 'Enter the address that receives the digests' });
});

async function digestSetting(em: EntityManager, accountId: string, canManage: boolean): Promise<z.infer<typeof DigestSetting>> {
  const conn = em.getConnection();
  const [a] = await conn.execute<{ to: 'client_admins' | 'address' | null; address: string | null; since: Date | null }[]>(
    'select audit_digest_to as "to", audit_digest_address as address, audit_digest_since as since from account where id = ?', [accountId]);
  if (!a) throw new AppError('not_found', 'Not found');
  const sendsTo = a.to === 'address'
    ? (a.address ? [a.address] : [])
    : a.to === 'client_admins'
      ? (await conn.execute<{ email: string }[]>(`select email from app_user where account_id = ? and role = 'client_admin' and disabled_at is null order by email`, [accountId])).map((u) => u.email)
      : [];
  return { recipients: a.to ?? 'off', address: a.to === 'address' ? a.address : null, since: a.since ? new Date(a.since).toISOString() : null, sendsTo, canManage };
}

/** The signed checkpoints (for auditors and exports) and each account's choice of checkpoint digests by email. */
export function auditCheckpointRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'get', path: '/api/audit/checkpoints', tag: 'audit', auth: 'session',
    summary: 'Signed checkpoints of the audit chain, oldest first, with their signatures and the keys that made them (compliance reviewers and admins); keyset pagination with `after`',
    query: z.object({
      after: z.coerce.number().int().min(0, 'Must be a checkpoint id').max(2_147_483_647, 'Must be a checkpoint id').optional(),
      limit: z.coerce.number().int().min(1, 'At least 1').max(500, 'At most 500').default(100),
    }),
    response: z.object({
      checkpoints: z.array(z.object({
        id: z.number(), seq: z.number(), headHash: z.string(), count: z.number(), createdAt: z.string(),
        keyId: z.number(), signature: z.string(), signatureValid: z.boolean(),
      })),
      keys: z.array(z.object({ id: z.number(), publicKeyPem: z.string(), fingerprint: z.string() })),
      /** Pass as `after` for the next page; null on the last page. */
      nextAfter: z.number().nullable(),
    }),
  }, async ({ req, user, query }) => {
    await authorize(orm.em, req, user, 'audit.checkpoints.read');
    return listAuditCheckpoints(orm.em.fork(), { after: query.after, limit: query.limit });
  });

  route(r, {
    method: 'get', path: '/api/accounts/:accountId/audit-digest', tag: 'accounts', auth: 'session', params: AccountParams,
    summary: "Whether the account receives its own audit checkpoint digests by email, and who",
    response: z.object({ setting: DigestSetting }),
  }, async ({ req, user, params }) => {
    await authorize(orm.em, req, user, 'account.auditDigest.read', params.accountId);
    return { setting: await digestSetting(orm.em.fork(), params.accountId, roleMay(user, 'account.auditDigest.manage')) };
  });

  route(r, {
    method: 'put', path: '/api/accounts/:accountId/audit-digest', tag: 'accounts', auth: 'session', params: AccountParams,
    summary: "Choose who receives the account's audit checkpoint digests: off, the client admins, or one address (the account's client admins and the business's admins)",
    body: DigestBody,
    response: z.object({ setting: DigestSetting }),
  }, async ({ req, user, params, body }) => {
    await authorize(orm.em, req, user, 'account.auditDigest.manage', params.accountId);
    const to = body.recipients === 'off' ? null : body.recipients;
    const address = body.recipients === 'address' ? body.address! : null;
    await orm.em.fork().transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext();
      const [before] = await conn.execute<{ to: string | null; address: string | null }[]>(
        'select audit_digest_to as "to", audit_digest_address as address from account where id = ? for update', [params.accountId], 'all', ctx);
      if (!before) throw new AppError('not_found', 'Not found');
      if (before.to === to && before.address === address) return;
      // Switched on or sent elsewhere: digests start with the next checkpoint.
      await conn.execute(`update account set audit_digest_to = ?, audit_digest_address = ?, audit_digest_since = ${to ? 'now()' : 'null'} where id = ?`,
        [to, address, params.accountId], 'run', ctx);
      await recordAudit(tx, {
        ...auditContext(req, user), action: 'account.audit_digest_changed', accountId: params.accountId, target: { type: 'account', id: params.accountId },
        data: { before: { recipients: before.to ?? 'off', address: before.address }, after: { recipients: body.recipients, address } },
      });
    });
    return { setting: await digestSetting(orm.em.fork(), params.accountId, true) };
  });

  return r;
}
