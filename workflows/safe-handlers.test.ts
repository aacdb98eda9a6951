import { describe, expect, it } from 'vitest';
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { guardedHandlers, Mutex, recorded } from './safe-handlers.ts';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('Mutex', () => {
  it('runs bodies one at a time, in the order they asked', async () => {
    const lock = new Mutex();
    const log: string[] = [];
    const body = (name: string, waits: number) => lock.runExclusive(async () => {
      log.push(`${name}:start`);
      for (let i = 0; i < waits; i++) await tick();
      log.push(`${name}:end`);
      return name;
    });
    const results = await Promise.all([body('a', 3), body('b', 1), body('c', 0)]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    expect(lock.locked).toBe(false);
  });

  it('hands the lock on when a body throws', async () => {
    const lock = new Mutex();
    const failed = lock.runExclusive(async () => { await tick(); throw new Error('boom'); });
    const next = lock.runExclusive(async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    expect(lock.locked).toBe(false);
  });
});

describe('guardedHandlers', () => {
  const failedWrite = () => Promise.reject(new ActivityFailure('activity failed', 'recordReview', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'worker',
    ApplicationFailure.create({ message: 'invalid byte sequence', type: 'DriverException' })));

  it('puts the state back when the change could not be recorded, and fails with an ApplicationFailure', async () => {
    const state = { rounds: [1], status: 'a' };
    const { exclusive } = guardedHandlers(state, () => true);
    const run = exclusive(async () => {
      state.rounds.push(2);
      state.status = 'b';
      await recorded(failedWrite());
    });
    await expect(run).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(run).rejects.toMatchObject({ type: 'internal', nonRetryable: true, message: 'The change could not be recorded' });
    expect(state).toEqual({ rounds: [1], status: 'a' });
  });

  it('treats a local activity failure that arrives unwrapped the same way', async () => {
    const state = { n: 1 };
    const { exclusive } = guardedHandlers(state, () => true);
    const run = exclusive(async () => { state.n = 2; await recorded(Promise.reject(ApplicationFailure.create({ message: 'bad', type: 'DriverException' }))); });
    await expect(run).rejects.toMatchObject({ message: 'The change could not be recorded', type: 'internal' });
    expect(state.n).toBe(1);
  });

  it('keeps the state when the failure came after the change was recorded', async () => {
    const state = { n: 1 };
    const { exclusive } = guardedHandlers(state, () => true);
    await expect(exclusive(async () => { state.n = 2; await recorded(Promise.resolve()); throw ApplicationFailure.nonRetryable('later', 'conflict'); })).rejects.toThrow('later');
    expect(state.n).toBe(2);
  });
});
