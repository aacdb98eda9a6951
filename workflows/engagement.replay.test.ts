/**
 * Replays every recorded history in workflows/histories against the current workflow code, so a
 * change that would break running engagements (non-determinism) fails CI. Record new histories with
 * `RECORD_HISTORIES=1 npm test` and commit them. The JSON goes to the SDK as is: it decodes it itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';

const dir = fileURLToPath(new URL('./histories', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('replays each without non-determinism', async () => {
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./index.ts', import.meta.url)) });
    const histories = files.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as unknown }));
    const results: { workflowId: string; error?: unknown }[] = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle }, histories)) results.push({ workflowId: r.workflowId, error: r.error });
    expect(results.map((r) => [r.workflowId, r.error ? String(r.error) : 'ok'])).toEqual(histories.map((h) => [h.workflowId, 'ok']));
  });
});
