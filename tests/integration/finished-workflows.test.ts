/**
 * Nothing is left running once its work is done: a hundred engagements, each with a checklist
 * (the onboarding child workflow) and an item still open, are completed through the API; then every
 * workflow of theirs is closed (counted with the Temporal client), and the checklist of a finished
 * engagement takes no more changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { startEngagement } from '../../web-api/services/engagements.ts';
import { engagementWorkflowId } from '../../workflows/engagement.ts';
import { onboardingWorkflowId } from '../../workflows/onboarding.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let staff: ApiClient;

beforeAll(async () => {
  app = await startTestApp();
  world = await makeWorld(app.deps.orm.em.fork());
  staff = new ApiClient(app.url);
  expect((await staff.login(world.users.staffA.email, PASSWORD)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

async function running(workflowIds: string[]): Promise<string[]> {
  const open: string[] = [];
  // Visibility answers in pages; ids are asked for a hundred at a time.
  for (let i = 0; i < workflowIds.length; i += 100) {
    const ids = workflowIds.slice(i, i + 100).map((id) => `'${id}'`).join(', ');
    for await (const wf of app.deps.temporal.workflow.list({ query: `WorkflowId IN (${ids}) AND ExecutionStatus = 'Running'` })) open.push(wf.workflowId);
  }
  return open;
}

describe('finished engagements', () => {
  it('leave no workflow running: a hundred engagements with checklists, completed', async () => {
    const actor = { id: world.users.staffA.id, email: world.users.staffA.email, role: 'staff', name: 'S' };
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const started = await app.deps.orm.em.fork().transactional((tx) => startEngagement(tx, app.config.taskQueue, {
        accountId: world.a.id, title: `Finished ${i}`, actor, milestones: [{ title: 'Deliver', owner: 'staff' }],
        onboarding: {
          dayMs: 86_400_000,
          items: [{ key: 'access', title: 'Share access', instructions: '', assignee: 'client', dueDays: 5, remindBeforeDays: [1], remindAfterDays: [1], completion: { type: 'tick' }, blocksMilestone: null }],
        },
      }));
      ids.push(started.engagementId);
      await app.deps.commands.deliver(started.commandIds, 10_000);
    }
    const all = ids.flatMap((id) => [engagementWorkflowId(id), onboardingWorkflowId(id)]);
    await expect.poll(async () => (await running(all)).length, { timeout: 60_000 }).toBe(200);
    for (const id of ids) {
      // The checklist's workflow has written its first record before the milestone is completed.
      await expect.poll(async () => (await app.deps.orm.em.getConnection().execute<{ v: number }[]>('select checklist_version as v from engagement where id = ?', [id]))[0]!.v, { timeout: 20_000 }).toBeGreaterThan(0);
      const done = await staff.post(`/api/engagements/${id}/milestones/m1/complete`);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
    await expect.poll(async () => running(all), { timeout: 60_000, interval: 1000 }).toEqual([]);
    // The checklist of a finished engagement takes no change.
    const reopen = await staff.post(`/api/engagements/${ids[0]}/items/access/waive`, { reason: 'Not needed' });
    expect(reopen.status).toBe(409);
  }, 240_000);
});
