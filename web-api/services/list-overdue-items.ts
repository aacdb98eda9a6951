import type { EntityManager } from '@mikro-orm/postgresql';

/** An open checklist item past its due date, with the people it waits on. */
export interface OverdueItem {
  engagementId: string;
  engagementTitle: string;
  accountId: string;
  accountName: string;
  itemKey: string;
  title: string;
  waitingOn: 'client' | 'staff';
  dueAt: string;
  /** Whole checklist days past the due date (0: less than a day). */
  daysOverdue: number;
  /** The account's client users for a client item, the account team for a staff item. */
  people: string[];
  lastReminderAt: string | null;
}

export interface OverdueList {
  items: OverdueItem[];
  /** Over every overdue item in scope, also when `items` was cut at the limit. */
  counts: { total: number; onClient: number; onStaff: number };
}

interface Row {
  engagement_id: string; engagement_title: string; account_id: string; account_name: string; item_key: string; title: string;
  waiting_on: 'client' | 'staff'; due_at: Date; days_overdue: number; people: string[]; last_reminder_at: Date | null;
  total: string; on_client: string;
}

/**
 * Overdue open checklist items of active engagements, most overdue first, in one query over the
 * read model's jsonb. `accountId` narrows to one account; `teamOf` to the accounts a staff member is
 * on (the caller has authorized both). The counts come from window functions, so they cover every
 * overdue item even when the list stops at `limit`.
 */
export async function listOverdueItems(
  em: EntityManager,
  scope: { accountId: string | null; teamOf: string | null },
  opts: { dayMs: number; limit: number },
): Promise<OverdueList> {
  const rows = await em.getConnection().execute<Row[]>(
    `with scope as (
       select a.id, a.name from account a
        where (?::uuid is null or a.id = ?::uuid)
          and (?::uuid is null or exists (select 1 from account_team_member m where m.account_id = a.id and m.user_id = ?::uuid))
     ), overdue as (
       select e.id as engagement_id, e.title as engagement_title, s.id as account_id, s.name as account_name,
              i.item->>'key' as item_key, i.item->>'title' as title, i.item->>'assignee' as waiting_on,
              (i.item->>'dueAt')::timestamptz as due_at,
              (select max((r->>'at')::timestamptz) from jsonb_array_elements(coalesce(i.item->'sent', '[]'::jsonb)) r) as last_reminder_at
         from engagement e
         join scope s on s.id = e.account_id
         cross join lateral jsonb_array_elements(e.checklist) as i(item)
        where e.status = 'active' and i.item->>'status' = 'open' and (i.item->>'dueAt')::timestamptz < now()
     ), client_people as (
       select u.account_id, array_agg(u.name order by u.name) as names
         from app_user u where u.account_id in (select account_id from overdue) and u.disabled_at is null
        group by u.account_id
     ), team_people as (
       select t.account_id, array_agg(u.name order by t.is_manager desc, u.name) as names
         from account_team_member t join app_user u on u.id = t.user_id
        where t.account_id in (select account_id from overdue) and u.disabled_at is null
        group by t.account_id
     )
     select o.*,
            floor(extract(epoch from now() - o.due_at) * 1000 / ?)::int as days_overdue,
            coalesce(case o.waiting_on when 'client' then c.names else t.names end, '{}') as people,
            count(*) over () as total,
            count(*) filter (where o.waiting_on = 'client') over () as on_client
       from overdue o
       left join client_people c on c.account_id = o.account_id
       left join team_people t on t.account_id = o.account_id
      order by o.due_at, o.engagement_title, o.item_key
      limit ?`,
    [scope.accountId, scope.accountId, scope.teamOf, scope.teamOf, opts.dayMs, opts.limit]);
  const total = Number(rows[0]?.total ?? 0);
  const onClient = Number(rows[0]?.on_client ?? 0);
  return {
    items: rows.map((r) => ({
      engagementId: r.engagement_id, engagementTitle: r.engagement_title, accountId: r.account_id, accountName: r.account_name,
      itemKey: r.item_key, title: r.title, waitingOn: r.waiting_on, dueAt: new Date(r.due_at).toISOString(),
      daysOverdue: r.days_overdue, people: r.people, lastReminderAt: r.last_reminder_at ? new Date(r.last_reminder_at).toISOString() : null,
    })),
    counts: { total, onClient, onStaff: total - onClient },
  };
}
