import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { inject } from 'vitest';
import { resolveTemporalCli } from '../../scripts/lib/temporal-cli.ts';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { startEngagement } from '../../web-api/services/engagements.ts';
import { engagementStateQuery, engagementWorkflowId } from '../../workflows/engagement.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let staff: ApiClient;
let client: ApiClient;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  app = await startTestApp();
  world = await makeWorld(app.deps.orm.em.fork());
  staff = new ApiClient(app.url, { 'user-agent': 'StaffBrowser/2.0' });
  await staff.login(world.users.staffA.email, PASSWORD);
  client = new ApiClient(app.url);
  await client.login(world.users.memberA.email, PASSWORD);
  bundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)) });
});
afterAll(async () => app?.close());

describe('an engagement through the whole pipe', () => {
  it('staff start it, advance milestones through an Update, and the client sees each move', async () => {
    const started = await staff.post(`/api/accounts/${world.a.id}/engagements`, {
      title: 'Website relaunch',
      milestones: ['Kickoff call', { title: 'Send brand assets', owner: 'client' }, 'Design review'],
    });
    expect(started.status).toBe(201);
    const id = started.body.engagement.id as string;
    expect(started.body.engagement).toMatchObject({ title: 'Website relaunch', progress: { done: 0, total: 3 }, currentMilestone: 'Kickoff call' });

    let home = await client.get('/api/home');
    expect(home.body.engagements.map((e: { id: string }) => e.id)).toContain(id);
    expect(home.body.waitingOnYou.filter((w: { engagementId: string }) => w.engagementId === id)).toEqual([]);

    const done1 = await staff.post(`/api/engagements/${id}/milestones/m1/complete`);
    expect(done1.status).toBe(200);
    expect(done1.body.engagement.progress).toEqual({ done: 1, total: 3 });
    expect(done1.body.engagement.milestones[0]).toMatchObject({ status: 'done', completedBy: world.users.staffA.name });

    // The client's home shows the move, and the next step is theirs.
    home = await client.get('/api/home');
    const e = home.body.engagements.find((x: { id: string }) => x.id === id);
    expect(e.progress).toEqual({ done: 1, total: 3 });
    expect(e.currentMilestone).toBe('Send brand assets');
    expect(home.body.waitingOnYou).toContainEqual(expect.objectContaining({ engagementId: id, engagementTitle: 'Website relaunch', kind: 'milestone', milestoneId: 'm2', title: 'Send brand assets' }));

    // The validator refuses a milestone that is not current, and one already done.
    const skip = await staff.post(`/api/engagements/${id}/milestones/m3/complete`);
    expect(skip.status).toBe(409);
    expect(skip.body.error).toMatchObject({ code: 'milestone_not_current', message: '"Design review" is not the current milestone' });
    const twice = await staff.post(`/api/engagements/${id}/milestones/m1/complete`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already complete/);

    // A client cannot complete it (policy, before the workflow is asked).
    expect((await client.post(`/api/engagements/${id}/milestones/m2/complete`)).status).toBe(403);

    await staff.post(`/api/engagements/${id}/milestones/m2/complete`);
    const last = await staff.post(`/api/engagements/${id}/milestones/m3/complete`);
    expect(last.body.engagement).toMatchObject({ status: 'completed', progress: { done: 3, total: 3 }, waitingOn: null });

    // Every step is an audit event with who and from where.
    const audit = await app.deps.orm.em.getConnection().execute<{ action: string; actor_id: string; user_agent: string | null; data: { milestone?: string } }[]>(
      `select action, actor_id, user_agent, data from audit_event where target_type = 'engagement' and target_id = ? order by seq`, [id]);
    expect(audit.map((a) => a.action)).toEqual(['engagement.started', 'engagement.milestone_completed', 'engagement.milestone_completed', 'engagement.milestone_completed']);
    expect(audit.every((a) => a.actor_id === world.users.staffA.id && a.user_agent === 'StaffBrowser/2.0')).toBe(true);
    expect(audit.slice(1).map((a) => a.data.milestone)).toEqual(['Kickoff call', 'Send brand assets', 'Design review']);

    // The run completed, and its history replays against the current workflow code.
    const handle = app.deps.temporal.workflow.getHandle(engagementWorkflowId(id));
    const result = await handle.result();
    expect(result.status).toBe('completed');
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, engagementWorkflowId(id));
    if (process.env.RECORD_HISTORIES) {
      const dir = fileURLToPath(new URL('../../workflows/histories', import.meta.url));
      mkdirSync(dir, { recursive: true });
      // The CLI writes the canonical JSON form that historyFromJSON reads back.
      const json = execFileSync(await resolveTemporalCli(), ['workflow', 'show', '--workflow-id', engagementWorkflowId(id), '--address', inject('temporalAddress'), '--output', 'json']);
      const tag = process.env.RECORD_HISTORIES === '1' ? '' : `-${process.env.RECORD_HISTORIES}`;
      writeFileSync(`${dir}/engagement-three-milestones${tag}.json`, json);
    }
  });

  it('is started once per engagement id: a repeated start or a repeated delivery attaches to the running workflow', async () => {
    const input = {
      engagementId: crypto.randomUUID(), accountId: world.a.id, title: 'Twice', milestones: [{ title: 'Only', owner: 'staff' as const }],
      actor: { id: world.users.staffA.id, email: world.users.staffA.email, role: 'staff', name: 'S' },
    };
    const start = (title: string) => app.deps.orm.em.fork().transactional((tx) => startEngagement(tx, app.config.taskQueue, { ...input, title }));
    const first = await start('Twice');
    expect(first.created).toBe(true);
    expect(await app.deps.commands.deliver(first.commandIds, 10_000)).toEqual([{ id: first.commandIds[0], status: 'delivered' }]);
    const second = await start('Twice (again)');
    expect(second).toMatchObject({ created: false, commandIds: [] });
    // The relay delivers the same start again (as after a crash before it recorded the delivery): it attaches.
    await app.deps.orm.em.getConnection().execute(`update workflow_command set status = 'pending' where id = ?`, [first.commandIds[0]]);
    expect((await app.deps.commands.deliver(first.commandIds, 10_000))[0]!.status).toBe('delivered');
    const runs: string[] = [];
    for await (const wf of app.deps.temporal.workflow.list({ query: `WorkflowId = '${engagementWorkflowId(input.engagementId)}'` })) runs.push(wf.runId);
    expect(runs).toHaveLength(1);
    const state = await app.deps.temporal.workflow.getHandle(engagementWorkflowId(input.engagementId)).query(engagementStateQuery);
    expect(state.title).toBe('Twice');
    const rows = await app.deps.orm.em.getConnection().execute<{ title: string }[]>('select title from engagement where id = ?', [input.engagementId]);
    expect(rows).toEqual([{ title: 'Twice' }]);
  });

  it('lets staff find engagements by account and by whom they wait on (search attributes)', async () => {
    const res = await staff.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Searchable', milestones: [{ title: 'Client signs', owner: 'client' }] });
    const id = res.body.engagement.id as string;
    let found: string[] = [];
    for (let i = 0; i < 50 && !found.includes(engagementWorkflowId(id)); i++) {
      found = [];
      for await (const wf of app.deps.temporal.workflow.list({ query: `PorticoAccountId = '${world.a.id}' AND PorticoWaitingOn = 'client' AND PorticoStatus = 'active'` })) found.push(wf.workflowId);
      if (!found.includes(engagementWorkflowId(id))) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toContain(engagementWorkflowId(id));
  });
});
