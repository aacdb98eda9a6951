/**
 * Benchmark of deliverable reviews: `count` deliverables under review at once (each an engagement's
 * child workflow with a version uploaded), then one decision each by the client, timed from the
 * request to the deliverable's page showing the new state; one client at a time, then 8 at once.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

type Session = { cookie: string; csrf: string };

export interface ReviewBenchDeps {
  base: string;
  em: EntityManager;
  signIn(email: string): Promise<Session>;
  call(s: Session, method: string, path: string, body?: unknown): Promise<any>;
  pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void>;
  pct(xs: number[], p: number): number;
}

export async function reviewBench(deps: ReviewBenchDeps, count = Number(process.env.BENCH_DELIVERABLES ?? 200)): Promise<void> {
  const { em, call, signIn, pool, pct } = deps;
  const conn = em.getConnection();
  // One active engagement per deliverable, spread over the benchmark's accounts (each with its client user).
  const engagements = await conn.execute<{ id: string; account_id: string; email: string }[]>(
    `select e.id, e.account_id, u.email from engagement e join app_user u on u.account_id = e.account_id and u.email like 'client-%@bench.test'
      where e.status = 'active' order by e.created_at limit ?`, [count]);
  if (engagements.length < count) throw new Error(`only ${engagements.length} engagements to review in`);
  const staff = await signIn('staff@bench.test');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4096, 0x20), Buffer.from('\n%%EOF\n')]);

  console.log(`\nputting ${count} deliverables under review…`);
  const t0 = performance.now();
  const deliverables: { id: string; versionId: string; email: string }[] = [];
  await pool(engagements, 8, async (e) => {
    const added = await call(staff, 'POST', `/api/engagements/${e.id}/deliverables`, {
      title: 'Homepage design', review: { stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'any', due: 'P5D', reminders: { before: ['P1D'] } }] },
    });
    const res = await fetch(`${deps.base}/api/deliverables/${added.deliverable.id}/versions?name=home.pdf`, {
      method: 'POST', body: new Uint8Array(pdf), headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': 'application/octet-stream' },
    });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    const detail = (await res.json()) as { versions: { id: string }[] };
    deliverables.push({ id: added.deliverable.id, versionId: detail.versions[0]!.id, email: e.email });
  });
  const setupSeconds = (performance.now() - t0) / 1000;

  const sessions = new Map<string, Session>();
  for (const email of new Set(deliverables.map((d) => d.email))) sessions.set(email, await signIn(email));
  const decideAll = async (items: typeof deliverables, concurrency: number, decision: string): Promise<number[]> => {
    const latencies: number[] = [];
    await pool(items, concurrency, async (d) => {
      const s = sessions.get(d.email)!;
      const t = performance.now();
      await call(s, 'POST', `/api/deliverables/${d.id}/decisions`, { versionId: d.versionId, decision, ...(decision === 'changes_requested' ? { comment: 'Darker blue, please' } : {}) });
      const page = await call(s, 'GET', `/api/deliverables/${d.id}`);
      const expected = decision === 'approved' ? 'approved' : 'changes_requested';
      if (page.deliverable.status !== expected) throw new Error(`deliverable ${d.id} shows ${page.deliverable.status}, not ${expected}`);
      latencies.push(performance.now() - t);
    });
    return latencies;
  };
  // Half are sent back with changes one client at a time, the other half approved by 8 clients at once.
  const half = Math.floor(deliverables.length / 2);
  const one = await decideAll(deliverables.slice(0, half), 1, 'changes_requested');
  const eight = await decideAll(deliverables.slice(half), 8, 'approved');

  console.log(`\nReviews — ${count} deliverables under review at once (each a child workflow with a version uploaded)`);
  console.log('| measure | value |');
  console.log('|---|---:|');
  console.log(`| ${count} deliverables added and a version uploaded (8 at a time) | ${setupSeconds.toFixed(1)} s |`);
  for (const [label, xs] of [['one client at a time', one], ['8 clients at once', eight]] as const) {
    console.log(`| decision → the deliverable's page shows it, ${label}, p50 | ${pct(xs, 50).toFixed(0)} ms |`);
    console.log(`| decision → the deliverable's page shows it, ${label}, p99 | ${pct(xs, 99).toFixed(0)} ms |`);
  }
}
