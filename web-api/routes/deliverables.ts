import { Router } from 'express';
import { z } from 'zod';
import { decideUpdate, DECISIONS, reviewWorkflowId } from '../../workflows/review.ts';
import { StoredFile } from '../../db/entities/stored-file.ts';
import { KNOWN_TYPES } from '../../db/files/sniff.ts';
import { enqueueEmail } from '../../db/outbox.ts';
import { recordAudit } from '../../db/audit.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { authorize, roleMay } from '../policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { getEngagement } from '../services/engagements.ts';
import { storeUpload } from '../services/files.ts';
import { assertPeopleOfAccount } from '../services/body-ids.ts';
import { assertWorkNotPaused } from '../services/work-pause.ts';
import { updateWorkflow, deliverCommands, idFromKey, markQueued, temporalDepsOf } from '../services/temporal.ts';
import {
  createDeliverable, isClientRole, submitVersion, listDeliverables, loadDeliverable, reviewView, summarize,
} from '../services/deliverables.ts';
import { ReviewPolicyInput } from '../templates/template-format.ts';
import { DeliverableDetail, DeliverableSummary } from '../schemas/deliverables.ts';

const DeliverableParams = z.object({ deliverableId: fields.uuid });
const PREVIEWABLE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const SummaryView = DeliverableSummary;

interface VersionRow { id: string; number: number; sha256: string; note: string | null; created_at: Date; name: string; content_type: string; size: string; uploaded_by: string }
interface CommentRow { id: string; version_id: string; parent_id: string | null; author_id: string; author_name: string; author_role: string; body: string; internal: boolean; anchor: Record<string, number> | null; created_at: Date }

export function deliverableRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;
  const temporalDeps = temporalDepsOf(deps);
  const actorOf = (user: SessionUser) => ({ id: user.id, email: user.email, role: user.role, name: user.name });
  const originOf = (req: Parameters<typeof authorize>[1]) => ({ ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null });

  /** The deliverable, if the caller may see its account (404 otherwise, like an unknown id). */
  async function visible(req: Parameters<typeof authorize>[1], user: SessionUser, id: string, action: Parameters<typeof authorize>[3]) {
    const row = await loadDeliverable(orm.em, id);
    if (!row) throw new AppError('not_found', 'Not found');
    await authorize(orm.em, req, user, action, row.account_id);
    return row;
  }

  async function detail(id: string, user: SessionUser) {
    const row = (await loadDeliverable(orm.em, id))!;
    const conn = orm.em.getConnection();
    const versions = await conn.execute<VersionRow[]>(
      `select v.id, v.number, v.sha256, v.note, v.created_at, f.name, f.content_type, f.size, u.name as uploaded_by
         from deliverable_version v join stored_file f on f.id = v.stored_file_id join app_user u on u.id = v.uploaded_by_id
        where v.deliverable_id = ? order by v.number`, [id]);
    const client = isClientRole(user.role);
    // Internal notes never leave the server for a client, and neither do replies to them.
    const comments = await conn.execute<CommentRow[]>(
      `select c.id, c.version_id, c.parent_id, c.author_id, u.name as author_name, u.role as author_role, c.body, c.internal, c.anchor, c.created_at
         from review_comment c join app_user u on u.id = c.author_id
        where c.deliverable_id = ? ${client ? 'and not c.internal and (c.parent_id is null or c.parent_id in (select id from review_comment where not internal))' : ''}
        order by c.created_at`, [id]);
    const summary = summarize(row, user);
    const review = reviewView(row.review);
    const current = review.rounds[review.rounds.length - 1];
    const decideIn = current && !current.closedAt
      ? current.stages.filter((s) => s.status === 'open' && s.reviewers.some((x) => x.id === user.id)).map((s) => ({ key: s.key, title: s.title }))
      : [];
    return {
      deliverable: { ...summary, review },
      versions: versions.map((v) => ({
        id: v.id, number: v.number, sha256: v.sha256, note: v.note, name: v.name, contentType: v.content_type, size: Number(v.size),
        uploadedBy: v.uploaded_by, uploadedAt: new Date(v.created_at).toISOString(), previewable: PREVIEWABLE.has(v.content_type),
      })),
      comments: comments.map((c) => ({
        id: c.id, versionId: c.version_id, parentId: c.parent_id, author: c.author_name, authorIsTeam: !isClientRole(c.author_role),
        body: c.body, internal: c.internal, anchor: c.anchor, at: new Date(c.created_at).toISOString(),
      })),
      permissions: {
        upload: roleMay(user, 'deliverable.manage') && summary.status !== 'approved',
        decide: roleMay(user, 'review.decide') ? decideIn : [],
        download: !client || summary.unlocked || !(row.policy.unlockOnApproval ?? true),
        comment: roleMay(user, 'comment.write'),
        internalNotes: !client && roleMay(user, 'comment.write'),
      },
    };
  }

  route(r, {
    method: 'post', path: '/api/engagements/:engagementId/deliverables', tag: 'deliverables', auth: 'session', status: 201,
    params: z.object({ engagementId: fields.uuid }),
    body: z.strictObject({
      title: z.string().trim().min(1, 'Required').max(200, 'At most 200 characters'),
      description: z.string().trim().max(2000, 'At most 2000 characters').default(''),
      review: ReviewPolicyInput,
    }),
    summary: 'Add a deliverable with its review policy (stages in sequence or parallel, reviewers, rule, due date); its review workflow starts',
    response: z.strictObject({ deliverable: SummaryView }), errors: ['conflict'], workflow: 'queued',
  }, async ({ req, res, user, params, body }) => {
    const engagement = await getEngagement(orm.em, params.engagementId);
    if (!engagement) throw new AppError('not_found', 'Not found');
    await authorize(orm.em, req, user, 'deliverable.manage', engagement.accountId);
    await assertWorkNotPaused(orm.em, engagement.accountId);
    // Named reviewers must be people of this account (its users, its team, admins), as a path id would be.
    await assertPeopleOfAccount(orm.em, body.review.stages.flatMap((s, i) => (typeof s.reviewers === 'object'
      ? s.reviewers.userIds.map((id, j) => ({ id, field: `review.stages.${i}.reviewers.userIds.${j}` })) : [])), engagement.accountId);
    // The same Idempotency-Key again adds no second deliverable.
    const key = req.get('idempotency-key')?.slice(0, 100);
    const { id, commandIds } = await orm.em.fork().transactional((tx) => createDeliverable(tx, deps.config.dayMs, {
      id: key ? idFromKey(`deliverable:${engagement.id}`, key) : undefined,
      engagementId: engagement.id, accountId: engagement.accountId, title: body.title, description: body.description, policy: body.review, actor: actorOf(user),
    }));
    markQueued(res, await deliverCommands(temporalDeps, commandIds));
    const row = await loadDeliverable(orm.em, id);
    if (!row) throw new AppError('not_found', 'Not found');
    return { deliverable: summarize(row, user) };
  });

  route(r, {
    method: 'get', path: '/api/engagements/:engagementId/deliverables', tag: 'deliverables', auth: 'session', params: z.object({ engagementId: fields.uuid }),
    summary: "An engagement's deliverables, those waiting on the caller first", response: z.strictObject({ deliverables: z.array(SummaryView) }),
  }, async ({ req, user, params }) => {
    const engagement = await getEngagement(orm.em, params.engagementId);
    if (!engagement) throw new AppError('not_found', 'Not found');
    await authorize(orm.em, req, user, 'account.read', engagement.accountId);
    const list = await listDeliverables(orm.em, { engagementId: engagement.id }, user);
    return { deliverables: list.sort((a, b) => Number(b.waitingOnYou) - Number(a.waitingOnYou)) };
  });

  route(r, {
    method: 'get', path: '/api/deliverables/:deliverableId', response: DeliverableDetail, tag: 'deliverables', auth: 'session', params: DeliverableParams,
    summary: 'A deliverable: its versions, rounds, stages, decisions (with the version hash each was made on) and comments',
  }, async ({ req, user, params }) => {
    await visible(req, user, params.deliverableId, 'account.read');
    return detail(params.deliverableId, user);
  });

  route(r, {
    method: 'post', path: '/api/deliverables/:deliverableId/versions', response: DeliverableDetail, tag: 'deliverables', auth: 'session', params: DeliverableParams, status: 201,
    query: z.object({ name: z.string().max(1000).optional(), note: z.string().max(1000).optional() }), rawBody: [...KNOWN_TYPES],
    summary: 'Upload a new version (raw body, ?name=): a new review round opens and reviewers are told. The same Idempotency-Key again creates no second version.',
    errors: ['conflict', 'payload_too_large', 'unsupported_media_type'], workflow: 'queued',
  }, async ({ req, res, user, params, query }) => {
    const row = await visible(req, user, params.deliverableId, 'deliverable.manage');
    if (row.status === 'approved') throw new AppError('conflict', 'This deliverable is approved; it takes no new versions');
    const key = req.get('idempotency-key')?.slice(0, 100) || null;
    const conn = orm.em.getConnection();
    const version = key ? (await conn.execute<{ id: string; number: number; stored_file_id: string }[]>(
      'select id, number, stored_file_id from deliverable_version where deliverable_id = ? and idempotency_key = ?', [row.id, key]))[0] : undefined;
    let file: StoredFile;
    if (version) {
      req.resume();
      file = (await orm.em.fork().findOne(StoredFile, { id: version.stored_file_id }))!;
    } else {
      // Staff-only as a stored file: clients reach it only through this deliverable's rules (preview, unlock).
      ({ file } = await storeUpload(orm.em.fork(), deps.storage, req, {
        accountId: row.account_id, user, maxBytes: deps.config.uploadMaxBytes, quotaBytes: deps.config.accountQuotaBytes, accept: KNOWN_TYPES, purpose: 'deliverable',
        engagementId: row.engagement_id, staffOnly: true,
      }));
    }
    const sent = await submitVersion({ em: orm.em, ...temporalDeps }, { deliverableId: row.id, file, actor: actorOf(user), origin: originOf(req), note: query.note ?? null, idempotencyKey: key, existing: version });
    markQueued(res, sent.state);
    return detail(row.id, user);
  });

  route(r, {
    method: 'post', path: '/api/deliverables/:deliverableId/decisions', response: DeliverableDetail, tag: 'deliverables', auth: 'session', params: DeliverableParams,
    body: z.strictObject({
      versionId: fields.uuid,
      decision: z.enum(DECISIONS as [string, ...string[]], { message: 'Choose approved, approved with changes, changes requested or rejected' }),
      comment: z.string().trim().max(5000, 'At most 5000 characters').optional(),
      stageKey: z.string().max(60).optional(),
    }),
    summary: 'Decide on the version under review, as a reviewer of an open stage (a Workflow Update; refused for an old version, a non-reviewer or a repeat). A reviewer may change their decision until the stage closes.',
    errors: ['conflict'], workflow: 'direct',
  }, async ({ req, res, user, params, body }) => {
    const row = await visible(req, user, params.deliverableId, 'review.decide');
    // Once approved, the review's workflow has finished: nothing waits for a decision.
    if (row.status === 'approved') throw new AppError('conflict', 'This deliverable is approved; nothing waits for a decision');
    await updateWorkflow(temporalDeps, res, reviewWorkflowId(row.id), decideUpdate, {
      args: [{ versionId: body.versionId, stageKey: body.stageKey, decision: body.decision as (typeof DECISIONS)[number], comment: body.comment, actor: actorOf(user), origin: originOf(req) }],
    });
    return detail(row.id, user);
  });

  route(r, {
    method: 'get', path: '/api/deliverables/:deliverableId/versions/:number/file', produces: '*/*', tag: 'deliverables', auth: 'session',
    params: DeliverableParams.extend({ number: z.coerce.number().int().min(1).max(100000) }),
    query: z.object({ inline: z.enum(['1']).optional() }),
    summary: 'A version\'s file: inline previews (images, PDF) for everyone who may see the deliverable; downloads for clients once unlocked',
  }, async ({ req, res, user, params, query }) => {
    const row = await visible(req, user, params.deliverableId, 'account.read');
    const v = (await orm.em.getConnection().execute<{ stored_file_id: string }[]>(
      'select stored_file_id from deliverable_version where deliverable_id = ? and number = ?', [row.id, params.number]))[0];
    if (!v) throw new AppError('not_found', 'Not found');
    const file = (await orm.em.fork().findOne(StoredFile, { id: v.stored_file_id }))!;
    const inline = query.inline === '1' && PREVIEWABLE.has(file.contentType);
    const locked = isClientRole(user.role) && !(row.review.unlocked ?? false) && (row.policy.unlockOnApproval ?? true);
    if (!inline && locked) throw new AppError('forbidden', 'The download unlocks when the deliverable is approved');
    const stream = await deps.storage.open(file.storageKey);
    if (!stream) throw new AppError('not_found', 'Not found');
    res.attachment(file.name);
    if (inline) res.setHeader('Content-Disposition', String(res.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    if (!(inline && file.contentType === 'application/pdf')) res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; sandbox");
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      res.on('close', () => { stream.destroy(); resolve(); });
      stream.pipe(res);
    });
  });

  route(r, {
    method: 'post', path: '/api/deliverables/:deliverableId/comments', response: DeliverableDetail.extend({ commentId: z.string() }), tag: 'deliverables', auth: 'session', params: DeliverableParams, status: 201,
    body: z.strictObject({
      versionId: fields.uuid,
      body: z.string().trim().min(1, 'Write something').max(5000, 'At most 5000 characters'),
      parentId: fields.uuid.optional(),
      internal: z.boolean().default(false),
      anchor: z.strictObject({
        page: z.number().int().min(1).max(10000).optional(),
        x: z.number().min(0).max(1), y: z.number().min(0).max(1), w: z.number().min(0).max(1).default(0), h: z.number().min(0).max(1).default(0),
      }).optional(),
    }),
    summary: 'Comment on a version (optionally anchored to a page or region), reply to a comment, or (team only) leave an internal note; @mentions notify the people named',
  }, async ({ req, user, params, body }) => {
    const row = await visible(req, user, params.deliverableId, 'comment.write');
    const client = isClientRole(user.role);
    if (body.internal && client) throw new AppError('forbidden', 'Internal notes are for the account team');
    const conn = orm.em.getConnection();
    const version = (await conn.execute<{ number: number }[]>('select number from deliverable_version where id = ? and deliverable_id = ?', [body.versionId, row.id]))[0];
    if (!version) throw new AppError('validation_failed', 'No such version', { fields: { versionId: 'No such version of this deliverable' } });
    let internal = body.internal;
    if (body.parentId) {
      const parent = (await conn.execute<{ internal: boolean; parent_id: string | null }[]>('select internal, parent_id from review_comment where id = ? and deliverable_id = ?', [body.parentId, row.id]))[0];
      // A client cannot tell an internal note exists.
      if (!parent || (parent.internal && client)) throw new AppError('validation_failed', 'No such comment', { fields: { parentId: 'No such comment' } });
      // Replies to an internal note stay internal.
      internal ||= parent.internal;
    }
    // Mentions: "@Name" of someone who may see the deliverable (team only, for internal notes).
    const people = await conn.execute<{ id: string; name: string; email: string; role: string }[]>(
      `select u.id, u.name, u.email, u.role from app_user u where u.disabled_at is null and u.id <> ? and (
         u.account_id = ? or exists (select 1 from account_team_member t where t.user_id = u.id and t.account_id = ?))`, [user.id, row.account_id, row.account_id]);
    const mentioned = people.filter((p) => body.body.includes(`@${p.name}`) && (!internal || !isClientRole(p.role)));
    const id = await orm.em.fork().transactional(async (tx) => {
      const c = tx.getConnection();
      const ctx = tx.getTransactionContext();
      const inserted = await c.execute<{ id: string }[]>(
        `insert into review_comment (id, created_at, deliverable_id, version_id, parent_id, author_id, body, internal, anchor, mentions)
         values (gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        [row.id, body.versionId, body.parentId ?? null, user.id, body.body, internal, body.anchor ? JSON.stringify(body.anchor) : null, JSON.stringify(mentioned.map((m) => m.id))], 'all', ctx);
      const commentId = inserted[0]!.id;
      for (const m of mentioned) {
        await enqueueEmail(tx, {
          idempotencyKey: `comment:${commentId}:mention:${m.id}`, to: m.email, kind: 'mention',
          content: {
            subject: `${user.name} mentioned you on ${row.title}`, greeting: `Hello ${m.name},`,
            paragraphs: [`${user.name} wrote on version ${version.number} of "${row.title}"${internal ? ' (internal note)' : ''}:`, body.body],
            action: { label: 'Open the deliverable', url: `${deps.config.publicUrl}/deliverables/${row.id}` },
          },
        });
      }
      await recordAudit(tx, {
        action: internal ? 'review.internal_note' : 'review.comment', actor: actorOf(user), accountId: row.account_id,
        target: { type: 'deliverable', id: row.id }, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null,
        data: { version: version.number, commentId, mentions: mentioned.map((m) => m.email) },
      });
      return commentId;
    });
    return { commentId: id, ...(await detail(row.id, user)) };
  });

  route(r, {
    method: 'get', path: '/api/staff/deliverables', tag: 'deliverables', auth: 'session',
    query: z.object({ status: z.enum(['in_review', 'changes_requested', 'approved', 'rejected', 'awaiting_version', 'overdue']).optional(), accountId: fields.uuid.optional() }),
    summary: 'The review pipeline across the accounts the caller may see: in review, changes requested, approved, overdue',
    response: z.strictObject({
      deliverables: z.array(SummaryView),
      counts: z.strictObject({
        in_review: z.number(), changes_requested: z.number(), approved: z.number(), rejected: z.number(), awaiting_version: z.number(),
        overdue: z.number().describe('In review past their due date'),
      }).meta({ id: 'PipelineCounts' }),
    }),
  }, async ({ req, user, query }) => {
    await authorize(orm.em, req, user, 'pipeline.read', query.accountId);
    let accountIds: string[] | 'all' = 'all';
    if (query.accountId) accountIds = [query.accountId];
    else if (user.role === 'staff') {
      accountIds = (await orm.em.getConnection().execute<{ account_id: string }[]>('select account_id from account_team_member where user_id = ?', [user.id])).map((x) => x.account_id);
    }
    const all = await listDeliverables(orm.em, { accountIds }, user);
    const counts: Record<string, number> = { in_review: 0, changes_requested: 0, approved: 0, rejected: 0, awaiting_version: 0, overdue: 0 };
    for (const d of all) { counts[d.status] = (counts[d.status] ?? 0) + 1; if (d.overdue && d.status === 'in_review') counts.overdue! += 1; }
    const deliverables = query.status === 'overdue' ? all.filter((d) => d.overdue && d.status === 'in_review') : query.status ? all.filter((d) => d.status === query.status) : all;
    return { deliverables, counts };
  });

  return r;
}
