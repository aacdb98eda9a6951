import type { RequestBody } from './api/request-body.ts';

/** A milestone as `POST /api/accounts/:id/engagements` takes it (written out: it also takes a bare title). */
export type MilestoneInput = Extract<NonNullable<RequestBody<'/api/accounts/{accountId}/engagements', 'post'>['milestones']>[number], { title: string }>;

const CLIENT_PREFIX = /^client\s*:\s*/i;

/**
 * Reads the "Milestones" textarea: one milestone per line, in order, blank lines ignored.
 * A line starting with "Client:" is a step the client does (it shows under "Waiting on you"
 * when it is current); every other line is done by the account team.
 */
export function parseMilestones(text: string): MilestoneInput[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => (CLIENT_PREFIX.test(line)
      ? { title: line.replace(CLIENT_PREFIX, '').trim(), owner: 'client' as const }
      : { title: line, owner: 'staff' as const }))
    .filter((m) => m.title.length > 0);
}

/**
 * The API names a bad milestone by its index (`milestones.2` or `milestones.2.title`); say which
 * one in words, since the textarea has no per-line fields.
 */
export function milestonesError(fields: Record<string, string>): string | undefined {
  for (const [path, message] of Object.entries(fields)) {
    const m = /^milestones(?:\.(\d+))?/.exec(path);
    if (!m) continue;
    return m[1] === undefined ? message : `Milestone ${Number(m[1]) + 1}: ${message}`;
  }
  return undefined;
}
