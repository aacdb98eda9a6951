/**
 * The staff views across accounts: overdue checklist items with the people they wait on, and the
 * engagement search over Temporal visibility. A checklist "day" lasts one second here
 * (PORTICO_DAY_MS), so items due in a day or two are overdue within the test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeUser, makeWorld, PASSWORD } from '../support/fixtures.ts';

interface OverdueItem {
  engagementId: string; engagementTitle: string; accountId: string; accountName: string; itemKey: string; title: string;
  waitingOn: 'client' | 'staff'; dueAt: string; daysOverdue: number; people: string[]; lastReminderAt: string | null;
}
interface Overdue { items: OverdueItem[]; counts: { total: number; onClient: number; onStaff: number } }
interface Found { id: string; accountId: string; accountName: string; title: string; status: string; currentMilestone: string | null; waitingOn: string | null; progress: { done: number; total: number } }

const TEMPLATE = {
  formatVersion: 1, name: 'Overdue onboarding', description: '',
  phases: [{ key: 'start', title: 'Start', milestones: [
    { key: 'access', title: 'Access granted', owner: 'client' },
    { key: 'launch', title: 'Launch', owner: 'staff' },
  ] }],
  checklist: [
    { key: 'contract', title: 'Countersign the contract', assignee: 'client', due: 'P1D', completion: { type: 'tick' } },
    { key: 'notes', title: 'Write kickoff notes', assignee: 'staff', due: 'P2D', completion: { type: 'tick' } },
    { key: 'intake', title: 'Send the intake form', assignee: 'client', due: 'P30D', completion: { type: 'tick' } },
  ],
};

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as: Record<'staffA' | 'staffB' | 'admin' | 'reviewer' | 'memberA' | 'loneStaff', ApiClient> = {} as never;
/** From the template: waits on the client first. */
let engagementA: string;
/** Ad hoc, one staff milestone: waits on the team only. */
let staffOnlyA: string;
let engagementB: string;

const overdue = async (c: ApiClient, query = '') => {
  const res = await c.get(`/api/staff/overdue${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Overdue;
};
const search = async (c: ApiClient, query: string) => {
  const res = await c.get(`/api/staff/engagements${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.engagements as Found[];
};
const keysOf = (o: Overdue, engagementId: string) => o.items.filter((i) => i.engagementId === engagementId).map((i) => i.itemKey);

/** Polls until `done` holds (expect.poll is for tests only, this is for setup). */
async function until(what: string, done: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_DAY_MS: '1000' } });
  world = await makeWorld(app.deps.orm.em.fork());
  const lone = await makeUser(app.deps.orm.em.fork(), 'staff');
  const logins = { ...world.users, loneStaff: lone };
  for (const who of ['staffA', 'staffB', 'admin', 'reviewer', 'memberA', 'loneStaff'] as const) {
    as[who] = new ApiClient(app.url);
    expect((await as[who].login(logins[who].email, PASSWORD)).status).toBe(200);
  }
  const templateId = (await as.admin.post('/api/templates', TEMPLATE)).body.template.id as string;
  const start = async (c: ApiClient, accountId: string, body: unknown) => {
    const res = await c.post(`/api/accounts/${accountId}/engagements`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.engagement.id as string;
  };
  engagementA = await start(as.staffA, world.a.id, { templateId });
  staffOnlyA = await start(as.staffA, world.a.id, { title: 'Internal setup', milestones: ['Provision servers'] });
  engagementB = await start(as.staffB, world.b.id, { templateId });
  // Both items of A, due in one and two "days", become overdue within seconds.
  await until("account A's items overdue", async () => keysOf(await overdue(as.staffA), engagementA).length === 2);
});
afterAll(async () => app?.close());

describe('GET /api/staff/overdue', () => {
  it("shows staff their account's overdue items, most overdue first, with whom they wait on", async () => {
    const list = await overdue(as.staffA);
    const mine = list.items.filter((i) => i.engagementId === engagementA);
    expect(mine.map((i) => i.itemKey)).toEqual(['contract', 'notes']);
    const [contract, notes] = mine as [OverdueItem, OverdueItem];
    expect(contract).toMatchObject({
      engagementTitle: 'Overdue onboarding', accountId: world.a.id, accountName: world.a.name, title: 'Countersign the contract', waitingOn: 'client',
    });
    // Every client user of the account, and nobody else.
    expect([...contract.people].sort()).toEqual([world.users.adminA.name, world.users.memberA.name].sort());
    expect(notes).toMatchObject({ title: 'Write kickoff notes', waitingOn: 'staff', people: [world.users.staffA.name] });
    expect(Date.parse(contract.dueAt)).toBeLessThan(Date.parse(notes.dueAt));
    expect(Date.parse(notes.dueAt)).toBeLessThan(Date.now());
    // A day is a second here: days overdue follow the checklist's days.
    expect(contract.daysOverdue).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(notes.daysOverdue)).toBe(true);
    // Not yet due: not listed.
    expect(mine.some((i) => i.itemKey === 'intake')).toBe(false);
    // Only account A's engagement has overdue items among staffA's accounts.
    expect(list.counts).toEqual({ total: 2, onClient: 1, onStaff: 1 });
    expect(list.items.every((i) => i.accountId === world.a.id)).toBe(true);
  });

  it("never shows staff another account's items; admins and reviewers see every account", async () => {
    await expect.poll(async () => keysOf(await overdue(as.admin), engagementB), { timeout: 10_000, interval: 250 }).toEqual(['contract', 'notes']);
    expect(keysOf(await overdue(as.staffA), engagementB)).toEqual([]);
    const all = await overdue(as.admin);
    expect(keysOf(all, engagementA)).toEqual(['contract', 'notes']);
    expect(all.items.find((i) => i.engagementId === engagementB && i.itemKey === 'notes')!.people).toEqual([world.users.staffB.name]);
    expect(keysOf(await overdue(as.reviewer), engagementB)).toEqual(['contract', 'notes']);
    // Sorted by due date across accounts.
    const due = all.items.map((i) => Date.parse(i.dueAt));
    expect(due).toEqual([...due].sort((x, y) => x - y));
    expect(await overdue(as.loneStaff)).toEqual({ items: [], counts: { total: 0, onClient: 0, onStaff: 0 } });
  });

  it('narrows to one account, answering 404 for an account the caller may not see exactly as for an unknown one', async () => {
    const onA = await overdue(as.staffA, `?accountId=${world.a.id}`);
    expect(keysOf(onA, engagementA)).toEqual(['contract', 'notes']);
    const onB = await overdue(as.admin, `?accountId=${world.b.id}`);
    expect(onB.items.map((i) => i.accountId)).toEqual([world.b.id, world.b.id]);

    const other = await as.staffA.get(`/api/staff/overdue?accountId=${world.b.id}`);
    const ghost = await as.staffA.get(`/api/staff/overdue?accountId=${randomUUID()}`);
    expect(other.status).toBe(404);
    expect(ghost.status).toBe(404);
    expect(other.body).toEqual(ghost.body);
    expect((await as.admin.get(`/api/staff/overdue?accountId=${randomUUID()}`)).status).toBe(404);
    expect((await as.staffA.get('/api/staff/overdue?accountId=nope')).status).toBe(400);
    expect((await as.staffA.get('/api/staff/overdue?status=open')).status).toBe(400);
  });

  it('refuses clients: 403 for the list and their own account, 404 for another account', async () => {
    expect((await as.memberA.get('/api/staff/overdue')).status).toBe(403);
    expect((await as.memberA.get(`/api/staff/overdue?accountId=${world.a.id}`)).status).toBe(403);
    expect((await as.memberA.get(`/api/staff/overdue?accountId=${world.b.id}`)).status).toBe(404);
    expect((await new ApiClient(app.url).get('/api/staff/overdue')).status).toBe(401);
  });

  it('shows when the last reminder went out, and drops an item once the client completes it', async () => {
    // The overdue escalation to the account manager is recorded on the item.
    await expect.poll(async () => (await overdue(as.staffA)).items.find((i) => i.engagementId === engagementA && i.itemKey === 'contract')?.lastReminderAt ?? null,
      { timeout: 10_000, interval: 250 }).not.toBeNull();
    const done = await as.memberA.post(`/api/engagements/${engagementA}/items/contract/complete`, {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await expect.poll(async () => keysOf(await overdue(as.staffA), engagementA), { timeout: 10_000, interval: 250 }).toEqual(['notes']);
    expect((await overdue(as.staffA)).counts).toEqual({ total: 1, onClient: 0, onStaff: 1 });
  });
});

describe('GET /api/staff/engagements', () => {
  it('finds engagements waiting on the client through their search attributes', async () => {
    // Visibility is eventually consistent with the workflows.
    await expect.poll(async () => (await search(as.staffA, '?status=active&waitingOn=client')).map((e) => e.id), { timeout: 10_000, interval: 250 })
      .toContain(engagementA);
    const found = await search(as.staffA, '?status=active&waitingOn=client');
    expect(found.find((e) => e.id === engagementA)).toMatchObject({
      accountId: world.a.id, accountName: world.a.name, title: 'Overdue onboarding', status: 'active',
      currentMilestone: 'Access granted', progress: { done: 0, total: 2 },
    });
    expect(['client', 'both']).toContain(found.find((e) => e.id === engagementA)!.waitingOn);
    expect(found.map((e) => e.id)).not.toContain(staffOnlyA);
  });

  it('finds engagements waiting on the team', async () => {
    await expect.poll(async () => (await search(as.staffA, '?waitingOn=staff')).map((e) => e.id), { timeout: 10_000, interval: 250 })
      .toContain(staffOnlyA);
    expect((await search(as.staffA, '?status=completed')).map((e) => e.id)).not.toContain(staffOnlyA);
  });

  it("never shows staff another account's engagements", async () => {
    await expect.poll(async () => (await search(as.admin, `?accountId=${world.b.id}&waitingOn=client`)).map((e) => e.id), { timeout: 10_000, interval: 250 })
      .toEqual([engagementB]);
    for (const query of ['', '?waitingOn=client', '?status=active', `?accountId=${world.a.id}`]) {
      const found = await search(as.staffA, query);
      expect(found.map((e) => e.id)).toContain(engagementA);
      expect(found.every((e) => e.accountId === world.a.id)).toBe(true);
    }
    const other = await as.staffA.get(`/api/staff/engagements?accountId=${world.b.id}`);
    const ghost = await as.staffA.get(`/api/staff/engagements?accountId=${randomUUID()}`);
    expect(other.status).toBe(404);
    expect(other.body).toEqual(ghost.body);
    // A staff member on no account team gets an empty list.
    expect((await as.loneStaff.get('/api/staff/engagements')).body).toEqual({ engagements: [], truncated: false });
  });

  it('refuses clients and values outside the filters', async () => {
    expect((await as.memberA.get('/api/staff/engagements')).status).toBe(403);
    expect((await as.memberA.get(`/api/staff/engagements?accountId=${world.b.id}`)).status).toBe(404);
    const bad = await as.staffA.get(`/api/staff/engagements?waitingOn=${encodeURIComponent("client') OR ('a' = 'a")}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ 'query.waitingOn': 'Choose client or staff' });
  });
});

describe('API description', () => {
  it('documents both views with their query parameters', async () => {
    const doc = (await new ApiClient(app.url).get('/api/openapi.json')).body;
    const params = (path: string) => Object.fromEntries(doc.paths[path].get.parameters.map((p: { name: string; in: string; required: boolean; schema: unknown }) => [p.name, p]));
    expect(params('/api/staff/overdue')).toEqual({ accountId: expect.objectContaining({ in: 'query', required: false, schema: expect.objectContaining({ format: 'uuid' }) }) });
    const search = params('/api/staff/engagements');
    expect(Object.keys(search).sort()).toEqual(['accountId', 'status', 'waitingOn']);
    expect(search.waitingOn.schema).toMatchObject({ enum: ['client', 'staff'] });
    // The answer is a named schema, written once under components.
    expect(doc.paths['/api/staff/overdue'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/OverdueList' });
    expect(doc.components.schemas.OverdueList.properties).toHaveProperty('counts');
  });
});
