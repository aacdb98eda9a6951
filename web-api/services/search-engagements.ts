import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { isTransient, unavailable } from './temporal.ts';
import { PorticoWaitingOn } from '../../workflows/search-attributes.ts';

export interface EngagementSearch {
  status?: 'active' | 'completed';
  waitingOn?: 'client' | 'staff';
  /** The accounts to look in; null for every account (admins, compliance reviewers). */
  accountIds: string[] | null;
}

export interface FoundEngagement {
  id: string;
  accountId: string;
  accountName: string;
  title: string;
  status: 'active' | 'completed';
  currentMilestone: string | null;
  /** As the search attribute holds it: 'client', 'staff', 'both' or 'nobody'. */
  waitingOn: string | null;
  progress: { done: number; total: number };
  startedAt: string;
  updatedAt: string;
}

const KEYWORD = /^[A-Za-z0-9-]{1,64}$/;
const WORKFLOW_ID = /^engagement-([0-9a-f-]{36})$/;

/**
 * A visibility query literal. Only ids and enum values ever reach here (the route's zod schemas
 * parse them), and anything else is refused rather than escaped: no free text goes into a query.
 */
export function keywordLiteral(value: string): string {
  if (!KEYWORD.test(value)) throw new Error(`Not a keyword value: ${JSON.stringify(value)}`);
  return `'${value}'`;
}

/**
 * The Temporal visibility query for a search. "Waiting on the client" also matches engagements
 * where both sides have something open ('both').
 */
export function engagementVisibilityQuery(search: EngagementSearch): string {
  const list = (values: string[]) => values.map(keywordLiteral).join(', ');
  // A run that continued as new leaves a closed run behind with the same search attributes.
  const clauses = [`WorkflowType = 'engagementWorkflow'`, `ExecutionStatus != 'ContinuedAsNew'`];
  if (search.status) clauses.push(`PorticoStatus = ${keywordLiteral(search.status)}`);
  if (search.status === 'active') clauses.push(`ExecutionStatus = 'Running'`);
  if (search.waitingOn) clauses.push(`PorticoWaitingOn IN (${list([search.waitingOn, 'both'])})`);
  if (search.accountIds) clauses.push(`PorticoAccountId IN (${list(search.accountIds)})`);
  return clauses.join(' AND ');
}

/**
 * Engagements matching a search, found through Temporal visibility (search attributes, eventually
 * consistent with the workflows) and described from the read model in one query by id. Visibility's
 * order is kept: running first, newest first.
 */
export async function searchEngagements(
  deps: { em: EntityManager; temporal: Client; deadlineMs: number },
  search: EngagementSearch,
  limit: number,
): Promise<{ engagements: FoundEngagement[]; truncated: boolean }> {
  if (search.accountIds?.length === 0) return { engagements: [], truncated: false };
  const found = new Map<string, string | null>();
  let truncated = false;
  // Visibility within the deadline: without Temporal the search answers 503 with Retry-After.
  await deps.temporal.withDeadline(Date.now() + deps.deadlineMs, async () => {
    for await (const wf of deps.temporal.workflow.list({ query: engagementVisibilityQuery(search), pageSize: limit + 1 })) {
      const id = WORKFLOW_ID.exec(wf.workflowId)?.[1];
      if (!id || found.has(id)) continue;
      if (found.size === limit) { truncated = true; break; }
      found.set(id, wf.typedSearchAttributes.get(PorticoWaitingOn) ?? null);
    }
  }).catch((err: unknown) => { throw isTransient(err) ? unavailable(err) : err; });
  if (found.size === 0) return { engagements: [], truncated };
  const rows = await deps.em.getConnection().execute<{
    id: string; account_id: string; account_name: string; title: string; status: 'active' | 'completed'; current_milestone: string | null;
    progress_done: number; progress_total: number; created_at: Date; updated_at: Date;
  }[]>(
    `select e.id, e.account_id, a.name as account_name, e.title, e.status, e.current_milestone, e.progress_done, e.progress_total,
            e.created_at, e.updated_at
       from engagement e join account a on a.id = e.account_id
      where e.id in (select value::uuid from jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify([...found.keys()])]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Workflows without a read-model row (e.g. another environment on the same namespace) are left out.
  const engagements = [...found].flatMap(([id, waitingOn]) => {
    const r = byId.get(id);
    return r ? [{
      id: r.id, accountId: r.account_id, accountName: r.account_name, title: r.title, status: r.status,
      currentMilestone: r.current_milestone, waitingOn, progress: { done: r.progress_done, total: r.progress_total },
      startedAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
    }] : [];
  });
  return { engagements, truncated };
}
