// `node scripts/profile-summary.ts <file.cpuprofile> [rows]`: where a V8 CPU profile spent its time,
// as text. Two tables: self time by function, and total (inclusive) time by package or project
// folder, so a profile taken under the benchmark can be read in a terminal and quoted in the README.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where a frame's code lives: a package, a folder of the project, Node itself, or V8's own bucket. */
export function area(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (path.startsWith(ROOT)) return path.slice(ROOT.length).split('/').slice(0, 2).join('/');
  return path;
}

export function summarize(profile: Profile): { totalMs: number; self: Map<string, number>; inclusive: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfTime) {
    totalMs += ms;
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${area(f.url, f.functionName)}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
    // Each area once per sample stack, however often it recurs in it.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const c = byId.get(at)!.callFrame;
      seen.add(area(c.url, c.functionName));
    }
    for (const a of seen) inclusive.set(a, (inclusive.get(a) ?? 0) + ms);
  }
  return { totalMs, self, inclusive };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, rowsArg] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node scripts/profile-summary.ts <file.cpuprofile> [rows]');
    process.exit(2);
  }
  const rows = Number(rowsArg ?? 25);
  const { totalMs, self, inclusive } = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const table = (title: string, m: Map<string, number>) => {
    console.log(`\n| ${title} | ms | % |\n|---|---:|---:|`);
    for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`| ${k} | ${ms.toFixed(0)} | ${((ms / totalMs) * 100).toFixed(1)} |`);
  };
  console.log(`${file}: ${(totalMs / 1000).toFixed(1)} s sampled`);
  table('self time by function', self);
  table('total time by package or folder', inclusive);
}
