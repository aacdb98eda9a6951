import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { SAMPLE_TEMPLATE } from '../../web-api/templates/sample-template.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as: Record<'admin' | 'staff' | 'client' | 'reviewer', ApiClient> = {} as never;

beforeAll(async () => {
  app = await startTestApp();
  world = await makeWorld(app.deps.orm.em.fork());
  const users = { admin: world.users.admin, staff: world.users.staffA, client: world.users.adminA, reviewer: world.users.reviewer };
  for (const [k, u] of Object.entries(users)) {
    as[k as keyof typeof as] = new ApiClient(app.url);
    await as[k as keyof typeof as].login(u.email, PASSWORD);
  }
});
afterAll(async () => app?.close());

const named = (name: string) => ({ ...(structuredClone(SAMPLE_TEMPLATE) as any), name });

describe('engagement templates', () => {
  it('an admin publishes versions; a running engagement keeps the version it started with and shows it', async () => {
    const created = await as.admin.post('/api/templates', named('Website build'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ template: { name: 'Website build', latestVersion: 1, status: 'active', inUse: 0 }, version: { version: 1 } });
    const id = created.body.template.id as string;

    const first = await as.staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId: id });
    expect(first.status).toBe(201);
    expect(first.body.engagement).toMatchObject({ title: 'Website build', template: { name: 'Website build', version: 1 }, progress: { done: 0, total: 3 } });
    expect(first.body.engagement.milestones.map((m: { title: string; owner: string }) => `${m.title}:${m.owner}`)).toEqual(['Kickoff call:staff', 'Access granted:client', 'Launch:staff']);

    const v2 = named('Website build');
    v2.phases[1]!.milestones.push({ key: 'handover', title: 'Handover', owner: 'staff' });
    const updated = await as.admin.put(`/api/templates/${id}`, v2);
    expect(updated.body).toMatchObject({ template: { latestVersion: 2, inUse: 1 }, version: { version: 2 } });

    const second = await as.staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId: id, title: 'Shop relaunch' });
    expect(second.body.engagement).toMatchObject({ title: 'Shop relaunch', template: { version: 2 }, progress: { total: 4 } });
    // The first engagement still runs version 1.
    const again = await as.client.get(`/api/engagements/${first.body.engagement.id}`);
    expect(again.body.engagement).toMatchObject({ template: { name: 'Website build', version: 1 }, progress: { total: 3 } });

    const detail = await as.staff.get(`/api/templates/${id}`);
    expect(detail.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(detail.body.definition.phases[1].milestones).toHaveLength(2);
  });

  it('refuses an invalid template naming each field, and stores nothing', async () => {
    const bad = named('Broken');
    (bad.phases[0]!.milestones[0] as { title: string }).title = '';
    (bad.checklist[0] as { due: string }).due = 'soon';
    const res = await as.admin.post('/api/templates', bad);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ 'phases.0.milestones.0.title': 'Required', 'checklist.0.due': 'Use days like P5D or weeks like P2W' });
    const list = await as.admin.get('/api/templates');
    expect(list.body.templates.map((t: { name: string }) => t.name)).not.toContain('Broken');
  });

  it('cannot delete a template in use, only archive it; an archived template starts nothing', async () => {
    const id = (await as.admin.post('/api/templates', named('Audit package'))).body.template.id as string;
    await as.staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId: id });
    const del = await as.admin.request('DELETE', `/api/templates/${id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.message).toBe('This template is used by 1 engagement; archive it instead');
    expect((await as.admin.post(`/api/templates/${id}/archive`)).body.template.status).toBe('archived');
    const start = await as.staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId: id });
    expect(start.status).toBe(400);
    expect(start.body.error.fields.templateId).toMatch(/Archived/);

    const unused = (await as.admin.post('/api/templates', named('Scratch'))).body.template.id as string;
    expect((await as.admin.request('DELETE', `/api/templates/${unused}`)).status).toBe(204);
    expect((await as.admin.get(`/api/templates/${unused}`)).status).toBe(404);
  });

  it('exports a template as JSON that imports into a new template unchanged', async () => {
    const id = (await as.admin.post('/api/templates', named('Shared onboarding'))).body.template.id as string;
    const exported = await as.staff.get(`/api/templates/${id}/export`);
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="shared-onboarding.json"');
    const imported = await as.admin.post('/api/templates/import', exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body.template.id).not.toBe(id);
    const copy = await as.admin.get(`/api/templates/${imported.body.template.id}`);
    expect(copy.body.definition).toEqual(exported.body);
  });

  it('lets staff and reviewers read templates, only admins change them, and clients neither', async () => {
    const id = (await as.admin.post('/api/templates', named('Roles check'))).body.template.id as string;
    expect((await as.staff.get(`/api/templates/${id}`)).status).toBe(200);
    expect((await as.reviewer.get('/api/templates')).status).toBe(200);
    expect((await as.staff.put(`/api/templates/${id}`, named('Roles check'))).status).toBe(403);
    expect((await as.reviewer.post(`/api/templates/${id}/archive`)).status).toBe(403);
    expect((await as.client.get('/api/templates')).status).toBe(403);
    expect((await as.client.get(`/api/templates/${id}`)).status).toBe(403);
  });

  it('refuses a start that gives both a template and milestones, or neither', async () => {
    const both = await as.staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId: crypto.randomUUID(), milestones: ['x'] });
    expect(both.body.error.fields).toEqual({ milestones: 'Give a template or milestones, not both' });
    const neither = await as.staff.post(`/api/accounts/${world.a.id}/engagements`, {});
    expect(neither.body.error.fields).toEqual({ title: 'Required', milestones: 'Add at least one milestone, or choose a template' });
  });
});
