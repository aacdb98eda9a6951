/**
 * Samples a worker's Prometheus metrics (PORTICO_WORKER_METRICS_ADDRESS) while a benchmark part runs:
 * the sticky cache's size and forced evictions, the free task slots, and how long workflow and
 * activity tasks waited to be picked up, so a latency tail can be put down to its cause.
 */

type Series = Map<string, number>;

/** Prometheus text format: one value per series (`name{labels}`), comments skipped. */
export function parseMetrics(text: string): Series {
  const out: Series = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

const sum = (s: Series, prefix: string, filter = ''): number =>
  [...s].filter(([k]) => k.startsWith(prefix) && k.includes(filter)).reduce((a, [, v]) => a + v, 0);

/** A histogram's count of observations above `ms` (from its cumulative buckets). */
function above(s: Series, name: string, ms: number): number {
  const count = sum(s, `${name}_count`);
  const buckets = [...s].filter(([k]) => k.startsWith(`${name}_bucket`)).map(([k, v]) => ({ le: Number(/le="([^"]+)"/.exec(k)?.[1]), v }))
    .filter((b) => Number.isFinite(b.le) && b.le >= ms).sort((a, b) => a.le - b.le);
  return buckets.length ? count - buckets[0]!.v : 0;
}

export interface WorkerMetricsReport {
  cacheMax: number;
  forcedEvictions: number;
  cacheMisses: number;
  workflowSlotsMinFree: number;
  activitySlotsMinFree: number;
  workflowTasks: number;
  workflowTasksWaitedOver1s: number;
  activityTasks: number;
  activityTasksWaitedOver1s: number;
}

export function sampleWorkerMetrics(address: string, everyMs = 500): { stop(): Promise<WorkerMetricsReport> } {
  const url = `http://${address}/metrics`;
  const read = async () => parseMetrics(await (await fetch(url)).text());
  let first: Series | null = null;
  let last: Series | null = null;
  let cacheMax = 0;
  let wfFree = Number.POSITIVE_INFINITY;
  let actFree = Number.POSITIVE_INFINITY;
  const take = async () => {
    try {
      const s = await read();
      first ??= s;
      last = s;
      cacheMax = Math.max(cacheMax, sum(s, 'temporal_sticky_cache_size'));
      wfFree = Math.min(wfFree, sum(s, 'temporal_worker_task_slots_available', 'WorkflowWorker'));
      actFree = Math.min(actFree, sum(s, 'temporal_worker_task_slots_available', 'ActivityWorker'));
    } catch { /* the worker is busy or stopping: the next sample counts */ }
  };
  void take();
  const timer = setInterval(() => void take(), everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await take();
      const a = first ?? new Map();
      const b = last ?? new Map();
      const delta = (f: (s: Series) => number) => f(b) - f(a);
      return {
        cacheMax,
        forcedEvictions: delta((s) => sum(s, 'temporal_sticky_cache_total_forced_eviction')),
        cacheMisses: delta((s) => sum(s, 'temporal_sticky_cache_miss')),
        workflowSlotsMinFree: wfFree,
        activitySlotsMinFree: actFree,
        workflowTasks: delta((s) => sum(s, 'temporal_workflow_task_schedule_to_start_latency_count')),
        workflowTasksWaitedOver1s: delta((s) => above(s, 'temporal_workflow_task_schedule_to_start_latency', 1000)),
        activityTasks: delta((s) => sum(s, 'temporal_activity_schedule_to_start_latency_count')),
        activityTasksWaitedOver1s: delta((s) => above(s, 'temporal_activity_schedule_to_start_latency', 1000)),
      };
    },
  };
}

/** The report as rows of a benchmark's Markdown table. */
export function printWorkerMetrics(when: string, m: WorkerMetricsReport): void {
  console.log(`| worker ${when}: sticky cache peak / forced evictions / misses | ${m.cacheMax} / ${m.forcedEvictions} / ${m.cacheMisses} |`);
  console.log(`| worker ${when}: fewest free workflow / activity task slots | ${m.workflowSlotsMinFree} / ${m.activitySlotsMinFree} |`);
  console.log(`| worker ${when}: workflow tasks (waited > 1 s) / activity tasks (waited > 1 s) | ${m.workflowTasks} (${m.workflowTasksWaitedOver1s}) / ${m.activityTasks} (${m.activityTasksWaitedOver1s}) |`);
}
