/**
 * Data PostgreSQL can never store fails its activity once, non-retryably and visibly, instead of
 * retrying for ever: the wrapper the worker registers every activity through (worker/activities.ts).
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { initORM } from '../../db/orm.ts';
import { createFileStorage } from '../../db/files/create-storage.ts';
import { createActivities } from '../../worker/activities.ts';
import { readSigningSettings } from '../../domain/signing/sealer.ts';
import { BAD_DATA_FAILURE, badDataSqlState } from '../../worker/bad-data.ts';
import { AuditInputError } from '../../db/audit.ts';
import type { EngagementState } from '../../workflows/engagement.ts';
import { makeAccount, makeUser } from '../support/fixtures.ts';

let orm: MikroORM;
let activities: ReturnType<typeof createActivities>;
let accountId: string;
let actor: { id: string; email: string; role: 'staff'; name: string };

beforeAll(async () => {
  orm = await initORM(inject('databaseUrl'));
  activities = createActivities({ orm, publicUrl: 'http://localhost', storage: createFileStorage({ kind: 'local', dir: inject('filesDir') }), signing: readSigningSettings({ NODE_ENV: 'test' }) });
  const em = orm.em.fork();
  accountId = (await makeAccount(em)).id;
  const u = await makeUser(em, 'staff');
  actor = { id: u.id, email: u.email, role: 'staff', name: u.name };
});
afterAll(async () => { await orm?.close(); });

function progress(over: Partial<EngagementState>) {
  const state: EngagementState = {
    engagementId: randomUUID(), accountId, title: 'A title', status: 'active', waitingOn: 'staff', version: 1,
    milestones: [{ id: 'm1', title: 'Kick-off', owner: 'staff', status: 'current', completedAt: null, completedBy: null }],
    ...over,
  };
  return { state, event: { key: `test:${state.engagementId}`, action: 'engagement.started', actor, origin: null, data: {} } };
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('the activity succeeded');
}

describe('activities given data that can never be written', () => {
  it('fail once, non-retryably, naming the SQLSTATE, for a NUL in a text column', async () => {
    const err = await failure(() => activities.recordEngagementProgress(progress({ title: 'nul\u0000title' })));
    expect(err).toBeInstanceOf(ApplicationFailure);
    const f = err as ApplicationFailure;
    expect(f.nonRetryable).toBe(true);
    expect(f.type).toBe(BAD_DATA_FAILURE);
    // PostgreSQL refuses a NUL in a bound text parameter as a malformed message (08P01), before the type sees it.
    expect(f.details).toEqual([{ sqlState: '08P01', activity: 'recordEngagementProgress' }]);
    expect(f.message).toMatch(/^recordEngagementProgress: the data cannot be stored \(SQLSTATE 08P01\)/);
  });

  it('fail once, non-retryably, for a lone surrogate reaching a jsonb column', async () => {
    const state = progress({});
    state.state.milestones[0]!.title = 'a\ud800b';
    const err = await failure(() => activities.recordEngagementProgress(state));
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect(badDataSqlState((err as ApplicationFailure).cause)).toMatch(/^22/);
  });

  it('leave every other failure as it was, so it keeps its retry policy', async () => {
    // Another account's or a missing row (a foreign key) may be written a moment later: retried.
    const err = await failure(() => activities.recordEngagementProgress(progress({ accountId: randomUUID() })));
    expect(err).not.toBeInstanceOf(ApplicationFailure);
    expect((err as { code?: string }).code).toBe('23503');
  });

  it('write good data as before', async () => {
    const p = progress({ title: 'Fine — ünïcode ✓ 🎉' });
    await activities.recordEngagementProgress(p);
    const rows = await orm.em.fork().getConnection().execute<{ title: string }[]>('select title from engagement where id = ?', [p.state.engagementId]);
    expect(rows[0]?.title).toBe('Fine — ünïcode ✓ 🎉');
  });
});

describe('badDataSqlState', () => {
  it('reads the SQLSTATE through causes and ignores codes that are not bad data', () => {
    expect(badDataSqlState({ code: '22P05' })).toBe('22P05');
    expect(badDataSqlState({ code: '08006' })).toBeNull();
    expect(badDataSqlState(new Error('wrapped', { cause: { code: '23514' } }))).toBe('23514');
    expect(badDataSqlState(new AuditInputError('data.note: a NUL cannot be stored'))).toBe('audit-input');
    expect(badDataSqlState({ code: '23505' })).toBeNull();
    expect(badDataSqlState({ code: '40001' })).toBeNull();
    expect(badDataSqlState({ code: 'ECONNREFUSED' })).toBeNull();
    expect(badDataSqlState(null)).toBeNull();
  });
});
