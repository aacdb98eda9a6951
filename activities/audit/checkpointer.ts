import type { EntityManager } from '@mikro-orm/postgresql';
import { writeAuditCheckpoint, type SignedCheckpoint } from '../../db/audit-checkpoint.ts';
import { sendAuditDigests } from '../../db/audit-digest.ts';

export interface AuditCheckpointerOptions {
  /** Seals the installation's signing key (PORTICO_AUDIT_SIGNING_KEY, else SESSION_SECRET): the API's. */
  secret: string;
  /** A checkpoint after this many new events… */
  every: number;
  /** …or this long after the last one, if the chain grew at all. */
  intervalMs: number;
  /** How often each worker looks (cheap: two index reads under a try-lock). */
  pollMs: number;
  /** Least time between two digests of one account (0: after every checkpoint). */
  digestSpacingMs: number;
  /** Base of the portal's address, named in digest emails. */
  publicUrl?: string;
  onCheckpoint?: (c: SignedCheckpoint) => void;
  onError?: (err: unknown) => void;
}

/**
 * One round: signs a checkpoint if one is due, then makes the account digests that are due (also those
 * a stopped worker left after its checkpoint). Safe in any number of processes at once: the checkpoint
 * is decided under a PostgreSQL advisory lock, and each digest under its account's row lock with
 * idempotent outbox keys.
 */
export async function runAuditCheckpointRound(em: EntityManager, opts: Omit<AuditCheckpointerOptions, 'pollMs' | 'onError'>): Promise<{ checkpoint: SignedCheckpoint | null; digests: number }> {
  const checkpoint = await writeAuditCheckpoint(em.fork(), opts.secret, { ifDue: { every: opts.every, intervalMs: opts.intervalMs } });
  if (checkpoint) opts.onCheckpoint?.(checkpoint);
  const digests = await sendAuditDigests(em.fork(), { spacingMs: opts.digestSpacingMs, publicUrl: opts.publicUrl });
  return { checkpoint, digests };
}

/**
 * Runs {@link runAuditCheckpointRound} every `pollMs` until stopped: the automatic signed checkpoints.
 * Every worker process runs one, like the workflow-command relay; nothing is kept in memory between
 * rounds (the last checkpoint row says what is due), so a worker that stops loses nothing.
 */
export function startAuditCheckpointer(fork: () => EntityManager, opts: AuditCheckpointerOptions): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = (async () => {
      try {
        await runAuditCheckpointRound(fork(), opts);
      } catch (err) {
        opts.onError?.(err);
      }
      if (!stopped) timer = setTimeout(tick, opts.pollMs);
    })();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
