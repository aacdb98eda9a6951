/**
 * A checklist change may complete milestones a moment later (the engagement's workflow hears of it
 * after the answer): look again a few times, shortly, and hand over the engagement once its
 * milestones have moved, with the ones just completed.
 */
import { api } from './api.ts';
import type { Engagement, EngagementDetail } from './api/schema.d.ts';

/** The engagement as it now is, with the titles of the milestones completed meanwhile. */
export type Followed = EngagementDetail & { completed: string[] };

export async function followMilestones(e: Engagement, stillShown: () => boolean): Promise<Followed | null> {
  const before = e.milestones.map((m) => m.status).join();
  for (const wait of [300, 700, 1500, 3000]) {
    await new Promise((r) => setTimeout(r, wait));
    if (!stillShown()) return null;
    const r = await api.GET('/api/engagements/{engagementId}', { params: { path: { engagementId: e.id } } }).catch(() => null);
    if (r && r.engagement.milestones.map((m) => m.status).join() !== before) {
      const completed = r.engagement.milestones.filter((m, i) => m.status === 'done' && e.milestones[i]?.status !== 'done').map((m) => m.title);
      return { ...r, completed };
    }
  }
  return null;
}
