/**
 * Deliverable reviews through the API and the review workflow: rounds, stages in sequence, "any"
 * and "all" rules, decisions refused on an old version, by a non-reviewer or twice, decisions
 * changed until the stage closes, idempotent version uploads, the download unlocking on approval,
 * internal notes that never reach a client, mentions, reminders only to those who have not
 * decided. A review "day" is a second here.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { resolveTemporalCli } from '../../scripts/lib/temporal-cli.ts';
import { engagementWorkflowId } from '../../workflows/engagement.ts';
import { reviewStateQuery, reviewWorkflowId, submitVersionUpdate } from '../../workflows/review.ts';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { caughtUp } from '../support/temporal.ts';

const DAY = 1000;
let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as = {} as Record<'staffA' | 'staffB' | 'memberA' | 'adminA' | 'reviewer' | 'admin', ApiClient>;
let engagementId: string;
let twoRounds: string;
let concurrentRounds: string;

const pdf = (text: string) => Buffer.concat([Buffer.from(`%PDF-1.4\n% ${text}\n`), Buffer.alloc(1024, 0x20), Buffer.from('\n%%EOF\n')]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const TWO_STAGES = {
  stages: [
    { key: 'internal', title: 'Internal review', reviewers: 'account_team', rule: 'any', due: 'P30D' },
    { key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'all', due: 'P30D' },
  ],
  unlockOnApproval: true,
};

const upload = (c: ApiClient, id: string, body: Buffer, name: string, key?: string) =>
  c.post(`/api/deliverables/${id}/versions?name=${encodeURIComponent(name)}`, undefined, { raw: body, headers: { 'content-type': 'application/octet-stream', ...(key ? { 'idempotency-key': key } : {}) } });
const decide = (c: ApiClient, id: string, versionId: string, decision: string, comment?: string) =>
  c.post(`/api/deliverables/${id}/decisions`, { versionId, decision, ...(comment ? { comment } : {}) });
const outbox = async (like: string) => (await app.deps.orm.em.getConnection().execute<{ to_address: string }[]>(
  'select to_address from outbox_email where idempotency_key like ? order by to_address', [like])).map((r) => r.to_address);

async function addDeliverable(title: string, review: unknown = TWO_STAGES): Promise<string> {
  const res = await as.staffA.post(`/api/engagements/${engagementId}/deliverables`, { title, review });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.deliverable.id;
}

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_DAY_MS: String(DAY) } });
  world = await makeWorld(app.deps.orm.em.fork());
  for (const k of Object.keys({ staffA: 1, staffB: 1, memberA: 1, adminA: 1, reviewer: 1, admin: 1 }) as (keyof typeof as)[]) {
    as[k] = new ApiClient(app.url, { 'user-agent': `tests (${k})` });
    expect((await as[k].login(world.users[k].email, PASSWORD)).status).toBe(200);
  }
  const started = await as.staffA.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Brand book', milestones: ['Design', 'Deliver'] });
  engagementId = started.body.engagement.id;
}, 60_000);
afterAll(async () => app?.close());

describe('deliverable reviews', () => {
  it('runs two rounds: changes requested, then approved by both stages; the download unlocks', async () => {
    const id = await addDeliverable('Logo concepts');
    twoRounds = id;
    const v1 = pdf('v1');
    const r1 = await upload(as.staffA, id, v1, 'Logo concepts v1.pdf');
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    const version1 = r1.body.versions[0];
    expect(version1).toMatchObject({ number: 1, sha256: sha(v1), name: 'Logo concepts v1.pdf', contentType: 'application/pdf' });
    expect(r1.body.deliverable).toMatchObject({ status: 'in_review', round: 1, waitingOn: [world.users.staffA.name] });
    // The internal stage is open; the client's stage waits for it.
    expect((await outbox(`review:${id}:1:internal:opened:%`))).toEqual([world.users.staffA.email]);
    const early = await decide(as.memberA, id, version1.id, 'approved');
    expect(early.status).toBe(403);
    expect(early.body.error.message).toBe('You are not a reviewer of an open stage of this deliverable');

    expect((await decide(as.staffA, id, version1.id, 'approved')).status).toBe(200);
    expect((await outbox(`review:${id}:1:client:opened:%`)).sort()).toEqual([world.users.adminA.email, world.users.memberA.email].sort());
    const clientView = (await as.memberA.get(`/api/deliverables/${id}`)).body;
    expect(clientView.deliverable.waitingOnYou).toBe(true);
    expect(clientView.permissions).toMatchObject({ decide: [{ key: 'client', title: 'Client review' }], download: false, upload: false });
    // Home puts the review first among what waits on the client.
    expect((await as.memberA.get('/api/home')).body.waitingOnYou[0]).toMatchObject({ kind: 'review', deliverableId: id, title: 'Logo concepts' });

    expect((await decide(as.memberA, id, version1.id, 'approved')).status).toBe(200);
    const twice = await decide(as.memberA, id, version1.id, 'approved');
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('You already approved version 1');
    const noComment = await decide(as.adminA, id, version1.id, 'changes_requested');
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.fields).toEqual({ comment: 'Required' });
    const changes = await decide(as.adminA, id, version1.id, 'changes_requested', 'Use the darker blue');
    expect(changes.status).toBe(200);
    expect(changes.body.deliverable).toMatchObject({ status: 'changes_requested', round: 1 });
    // Now it waits on the team for a new version, and no longer on the client.
    const home = (await as.memberA.get('/api/home')).body;
    expect(home.waitingOnYou.some((w: { deliverableId?: string }) => w.deliverableId === id)).toBe(false);
    expect(home.waitingOnUs.some((w: { deliverableId?: string }) => w.deliverableId === id)).toBe(true);
    // The stage closed: nobody decides on version 1 any more.
    const late = await decide(as.memberA, id, version1.id, 'changes_requested', 'Me too');
    expect(late.status).toBe(409);

    // Round 2; the same upload retried creates one version and one round.
    const v2 = pdf('v2');
    const first = await upload(as.staffA, id, v2, 'Logo concepts v2.pdf', `v2-${id}`);
    const retry = await upload(as.staffA, id, v2, 'Logo concepts v2.pdf', `v2-${id}`);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    expect(retry.body.deliverable.round).toBe(2);
    const version2 = retry.body.versions[1];

    const old = await decide(as.staffA, id, version1.id, 'approved');
    expect(old.status).toBe(409);
    expect(old.body.error.message).toBe('Version 1 is no longer under review; the current version is 2');

    expect((await decide(as.staffA, id, version2.id, 'approved')).status).toBe(200);
    // A reviewer changes their mind while the stage is open; the first decision stays on record, superseded.
    expect((await decide(as.memberA, id, version2.id, 'approved_with_changes', 'Tighten the kerning')).status).toBe(200);
    expect((await decide(as.memberA, id, version2.id, 'approved')).status).toBe(200);
    // Locked until approved: a client previews inline but cannot download.
    expect((await as.memberA.get(`/api/deliverables/${id}/versions/2/file`)).status).toBe(403);
    expect((await as.memberA.get(`/api/deliverables/${id}/versions/2/file?inline=1`)).status).toBe(200);
    expect((await as.memberA.get(`/api/files/${(await app.deps.sessionPool.query('select stored_file_id from deliverable_version where id = $1', [version2.id])).rows[0].stored_file_id}`)).status).toBe(404);

    const approved = await decide(as.adminA, id, version2.id, 'approved_with_changes', 'Fine with the small fix');
    expect(approved.body.deliverable).toMatchObject({ status: 'approved', outcome: 'approved_with_changes', unlocked: true });
    expect(approved.body.permissions.download).toBe(true);
    const dl = await fetch(`${app.url}/api/deliverables/${id}/versions/2/file`, { headers: { cookie: as.memberA.cookie } });
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(v2)).toBe(true);
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="Logo concepts v2.pdf"/);

    // "What was approved when" has one answer: every decision with its version's hash, IP and user agent.
    const rows = await app.deps.orm.em.getConnection().execute<{ round: number; stage_key: string; reviewer_id: string; decision: string; version_sha256: string; user_agent: string; ip: string; superseded: boolean }[]>(
      `select round, stage_key, reviewer_id, decision, version_sha256, user_agent, ip, superseded_at is not null as superseded
         from review_decision where deliverable_id = ? order by created_at`, [id]);
    expect(rows.map((r) => [r.round, r.stage_key, r.decision, r.version_sha256 === (r.round === 1 ? sha(v1) : sha(v2)), r.superseded])).toEqual([
      [1, 'internal', 'approved', true, false],
      [1, 'client', 'approved', true, false],
      [1, 'client', 'changes_requested', true, false],
      [2, 'internal', 'approved', true, false],
      [2, 'client', 'approved_with_changes', true, true],
      [2, 'client', 'approved', true, false],
      [2, 'client', 'approved_with_changes', true, false],
    ]);
    expect(rows.every((r) => r.ip && r.user_agent.startsWith('tests ('))).toBe(true);
    const audit = await app.deps.orm.em.getConnection().execute<{ action: string }[]>(`select action from audit_event where target_id = ? and action like 'review.%' order by seq`, [id]);
    expect(audit.map((a) => a.action)).toEqual(['review.version_submitted', 'review.decision', 'review.decision', 'review.decision',
      'review.version_submitted', 'review.decision', 'review.decision', 'review.decision_changed', 'review.decision']);

    // Approved: no more versions.
    expect((await upload(as.staffA, id, pdf('v3'), 'v3.pdf')).status).toBe(409);
  }, 60_000);

  it('opens a parallel stage together with the one before it, and approves when both have', async () => {
    const id = await addDeliverable('Contract addendum', {
      stages: [
        { key: 'internal', title: 'Internal review', reviewers: 'account_team', rule: 'any' },
        { key: 'client', title: 'Client review', reviewers: 'client_admins', rule: 'any' },
        { key: 'legal', title: 'Legal', reviewers: { userIds: [world.users.admin.id] }, rule: 'any', parallel: true },
      ],
    });
    const v = (await upload(as.staffA, id, pdf('addendum'), 'addendum.pdf')).body.versions[0].id;
    const stages = async () => (await as.staffA.get(`/api/deliverables/${id}`)).body.deliverable.review.rounds[0].stages.map((s: { key: string; status: string }) => `${s.key}:${s.status}`);
    expect(await stages()).toEqual(['internal:open', 'client:waiting', 'legal:waiting']);
    expect((await decide(as.staffA, id, v, 'approved')).status).toBe(200);
    expect(await stages()).toEqual(['internal:approved', 'client:open', 'legal:open']);
    expect((await decide(as.admin, id, v, 'approved')).status).toBe(200);
    expect((await as.staffA.get(`/api/deliverables/${id}`)).body.deliverable.status).toBe('in_review');
    const done = await decide(as.adminA, id, v, 'approved');
    expect(done.body.deliverable.status).toBe('approved');
    expect(await stages()).toEqual(['internal:approved', 'client:approved', 'legal:approved']);
    // A member who is not a client admin was never a reviewer here.
    expect((await decide(as.memberA, id, v, 'approved')).status).toBe(409);
  });

  it('keeps internal notes from clients on every route, threads replies and notifies mentions', async () => {
    const id = await addDeliverable('Copy deck');
    const v = (await upload(as.staffA, id, pdf('copy'), 'copy.pdf')).body.versions[0].id;
    const note = await as.staffA.post(`/api/deliverables/${id}/comments`, { versionId: v, body: 'Internal: margin is thin on this one', internal: true });
    expect(note.status).toBe(201);
    const open = await as.staffA.post(`/api/deliverables/${id}/comments`, { versionId: v, body: `@${world.users.memberA.name} the headline is on page 2`, anchor: { page: 2, x: 0.1, y: 0.2, w: 0.5, h: 0.1 } });
    expect(open.status).toBe(201);
    expect(await outbox(`comment:${open.body.commentId}:mention:%`)).toEqual([world.users.memberA.email]);
    // An internal note mentioning a client notifies nobody outside the team.
    const internalMention = await as.staffA.post(`/api/deliverables/${id}/comments`, { versionId: v, body: `@${world.users.memberA.name} is slow to answer`, internal: true });
    expect(await outbox(`comment:${internalMention.body.commentId}:mention:%`)).toEqual([]);

    const clientSees = (await as.memberA.get(`/api/deliverables/${id}`)).body;
    expect(clientSees.comments.map((c: { body: string }) => c.body)).toEqual([`@${world.users.memberA.name} the headline is on page 2`]);
    expect(JSON.stringify(clientSees)).not.toContain('margin is thin');
    expect(clientSees.comments[0].anchor).toEqual({ page: 2, x: 0.1, y: 0.2, w: 0.5, h: 0.1 });
    // Replying to, or writing, an internal note as a client: refused without saying it exists.
    const reply = await as.memberA.post(`/api/deliverables/${id}/comments`, { versionId: v, body: 'What?', parentId: note.body.commentId });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields).toEqual({ parentId: 'No such comment' });
    expect((await as.memberA.post(`/api/deliverables/${id}/comments`, { versionId: v, body: 'x', internal: true })).status).toBe(403);
    // A client's reply to a public comment is threaded.
    const threaded = await as.memberA.post(`/api/deliverables/${id}/comments`, { versionId: v, body: 'Got it', parentId: open.body.commentId });
    expect(threaded.body.comments.find((c: { body: string }) => c.body === 'Got it').parentId).toBe(open.body.commentId);
    // No other route leaks it either.
    for (const path of [`/api/engagements/${engagementId}/deliverables`, `/api/engagements/${engagementId}`, '/api/home']) {
      expect(JSON.stringify((await as.memberA.get(path)).body), path).not.toContain('margin is thin');
    }
    const staffSees = (await as.staffA.get(`/api/deliverables/${id}`)).body;
    expect(staffSees.comments.filter((c: { internal: boolean }) => c.internal)).toHaveLength(2);
  });

  it('reminds only reviewers who have not decided, escalates when overdue, and stops at the decision', async () => {
    const id = await addDeliverable('Photo selects', {
      stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'all', due: 'P3D', reminders: { before: ['P1D'] } }],
    });
    const v = (await upload(as.staffA, id, pdf('photos'), 'photos.pdf')).body.versions[0].id;
    expect((await decide(as.memberA, id, v, 'approved')).status).toBe(200);
    // Day 2: a reminder; day 3: due, and the escalation to the account manager.
    await expect.poll(() => outbox(`review:${id}:1:client:overdue:%`), { timeout: 10_000 }).toEqual([world.users.staffA.email]);
    expect(await outbox(`review:${id}:1:client:before-1d:%`)).toEqual([world.users.adminA.email]);
    expect(await outbox(`review:${id}:1:client:due:%`)).toEqual([world.users.adminA.email]);
    const view = (await as.staffA.get(`/api/deliverables/${id}`)).body;
    expect(view.deliverable.overdue).toBe(true);
    expect((await as.staffA.get('/api/staff/deliverables?status=overdue')).body.deliverables.map((d: { id: string }) => d.id)).toContain(id);
    expect((await decide(as.adminA, id, v, 'approved')).body.deliverable.status).toBe('approved');
    const before = (await outbox(`review:${id}:%`)).length;
    // Two more days pass and the review's workflow has caught up with them (it has ended): nothing more is sent.
    await caughtUp(app.deps.temporal.workflow.getHandle(reviewWorkflowId(id)), Date.now() + 2 * DAY);
    expect((await outbox(`review:${id}:%`)).length).toBe(before);
  }, 30_000);

  it("answers 404 for another account's deliverable on every route, and 403 to roles that may not act", async () => {
    const id = await addDeliverable('Secret plans');
    const v = (await upload(as.staffA, id, pdf('secret'), 'secret.pdf')).body.versions[0].id;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const calls = (c: ApiClient, d: string) => [
      c.get(`/api/deliverables/${d}`),
      c.get(`/api/deliverables/${d}/versions/1/file?inline=1`),
      decide(c, d, v, 'approved'),
      c.post(`/api/deliverables/${d}/comments`, { versionId: v, body: 'hi' }),
      upload(c, d, pdf('x'), 'x.pdf'),
    ];
    const ghost = await Promise.all(calls(as.staffB, unknown));
    const real = await Promise.all(calls(as.staffB, id));
    expect(real.map((x) => x.status)).toEqual([404, 404, 404, 404, 404]);
    expect(real.map((x) => x.body)).toEqual(ghost.map((x) => x.body));
    expect((await as.staffB.get(`/api/engagements/${engagementId}/deliverables`)).status).toBe(404);
    expect((await as.staffB.post(`/api/engagements/${engagementId}/deliverables`, { title: 'x', review: TWO_STAGES })).status).toBe(404);
    expect((await as.staffB.get('/api/staff/deliverables')).body.deliverables.map((d: { id: string }) => d.id)).not.toContain(id);
    // A compliance reviewer reads but decides, uploads and comments on nothing; a client adds no deliverables.
    expect((await as.reviewer.get(`/api/deliverables/${id}`)).status).toBe(200);
    expect((await decide(as.reviewer, id, v, 'approved')).status).toBe(403);
    expect((await upload(as.reviewer, id, pdf('x'), 'x.pdf')).status).toBe(403);
    expect((await as.memberA.post(`/api/engagements/${engagementId}/deliverables`, { title: 'x', review: TWO_STAGES })).status).toBe(403);
    expect((await upload(as.memberA, id, pdf('x'), 'x.pdf')).status).toBe(403);
  });

  it('opens rounds in the order the versions reached the workflow when uploads race: earlier rounds superseded, one open', async () => {
    const id = await addDeliverable('Racing versions');
    concurrentRounds = id;
    // Three uploads at once: their Updates reach the workflow while the first still resolves its reviewers.
    const ups = await Promise.all([1, 2, 3].map((n) => upload(as.staffA, id, pdf(`race ${n}`), `Race v${n}.pdf`)));
    expect(ups.map((u) => u.status), JSON.stringify(ups.map((u) => u.body))).toEqual([201, 201, 201]);
    const handle = app.deps.temporal.workflow.getHandle(reviewWorkflowId(id));
    const state = await handle.query(reviewStateQuery);
    expect(state.rounds.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(state.rounds.map((r) => r.outcome)).toEqual(['superseded', 'superseded', null]);
    expect(state.rounds.filter((r) => !r.closedAt)).toHaveLength(1);
    // Numbered in the order the workflow accepted the Updates, not in the order their activities finished.
    const accepted = (await handle.fetchHistory()).events!
      .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId)
      .filter((u): u is string => !!u?.startsWith('version:'));
    expect(state.rounds.map((r) => `version:${r.version.id}`)).toEqual(accepted);
    // The read model agrees: one round in review, the last one.
    const view = (await as.staffA.get(`/api/deliverables/${id}`)).body.deliverable;
    expect(view).toMatchObject({ status: 'in_review', round: 3 });
    expect(view.review.rounds.map((r: { outcome: string | null }) => r.outcome)).toEqual(['superseded', 'superseded', null]);
  }, 60_000);

  it('fails an Update whose change cannot be recorded, within seconds, and keeps the workflow as it was', async () => {
    const id = await addDeliverable('Unrecordable version');
    const handle = app.deps.temporal.workflow.getHandle(reviewWorkflowId(id));
    const actor = { id: world.users.staffA.id, email: world.users.staffA.email, role: 'staff', name: world.users.staffA.name };
    const started = Date.now();
    // PostgreSQL's jsonb refuses a NUL character: the local activity can never write this round.
    const bad = handle.executeUpdate(submitVersionUpdate, {
      args: [{ version: { id: '00000000-0000-4000-8000-00000000bad0', number: 1, sha256: sha(pdf('bad')), name: 'nul\u0000name.pdf', uploadedBy: 'x', at: new Date().toISOString() }, actor }],
    });
    const err = await bad.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    // Named for what it is, so the API can answer with it instead of a timeout.
    expect(((err as Error).cause as Error).message).toBe('The change could not be recorded');
    expect(Date.now() - started).toBeLessThan(45_000);
    // Nothing of it stayed in the workflow: no round, and a good version opens round 1.
    expect((await handle.query(reviewStateQuery)).rounds).toEqual([]);
    const ok = await upload(as.staffA, id, pdf('good'), 'Good v1.pdf');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.deliverable).toMatchObject({ status: 'in_review', round: 1 });
    expect((await handle.describe()).status.name).toBe('RUNNING');
  }, 60_000);

  it('validates the review policy with the field named', async () => {
    const res = await as.staffA.post(`/api/engagements/${engagementId}/deliverables`, {
      title: '', review: { stages: [{ key: 'a', title: 'A', reviewers: 'everyone', parallel: true }, { key: 'a', title: 'B', reviewers: { userIds: [] } }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toMatchObject({
      title: 'Required', 'review.stages.0.reviewers': expect.any(String), 'review.stages.1.reviewers.userIds': 'Name at least one reviewer',
    });
  });

  it('replays the histories of the review and of its engagement against the current code', async () => {
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)) });
    const tag = process.env.RECORD_HISTORIES === '1' ? '' : `-${process.env.RECORD_HISTORIES}`;
    for (const [id, name] of [
      [reviewWorkflowId(twoRounds), `deliverable-two-rounds${tag}`], [engagementWorkflowId(engagementId), `engagement-with-deliverables${tag}`],
      // Concurrent versions exist only since the handlers' lock: recorded under their own name.
      [reviewWorkflowId(concurrentRounds), 'deliverable-concurrent-versions'],
    ] as const) {
      await Worker.runReplayHistory({ workflowBundle }, await app.deps.temporal.workflow.getHandle(id).fetchHistory(), id);
      if (process.env.RECORD_HISTORIES) {
        const json = execFileSync(await resolveTemporalCli(), ['workflow', 'show', '--workflow-id', id, '--address', inject('temporalAddress'), '--output', 'json']);
        writeFileSync(fileURLToPath(new URL(`../../workflows/histories/${name}.json`, import.meta.url)), json);
      }
    }
  }, 60_000);
});
