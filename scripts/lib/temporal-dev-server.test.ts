import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { restartTemporalDevServer, SEARCH_ATTRIBUTES, startTemporalDevServer, type DevServer } from './temporal-dev-server.ts';

// temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD (@temporalio/proto is not a
// direct dependency).
const INDEXED_VALUE_TYPE_KEYWORD = 2;
const PorticoStatus = defineSearchAttributeKey('PorticoStatus', SearchAttributeType.KEYWORD);

const dir = mkdtempSync(join(tmpdir(), 'portico-temporal-dev-'));
let server: DevServer | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function withClient<T>(address: string, fn: (connection: Connection, client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await fn(connection, new Client({ connection }));
  } finally {
    await connection.close();
  }
}

it('registers the search attributes and keeps state across a restart on the same database file', async () => {
  const dbFile = join(dir, 'nested', 'temporal.sqlite');
  server = await startTemporalDevServer({ dbFile });
  expect(existsSync(dbFile)).toBe(true);
  const first = server;

  // No worker polls this task queue: the execution just stays open, which is all the restart needs.
  const workflowId = `dev-server-probe-${process.pid}`;
  await withClient(first.address, async (connection, client) => {
    const info = await connection.workflowService.getSystemInfo({});
    expect(info.serverVersion).toBeTruthy();
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    for (const name of Object.keys(SEARCH_ATTRIBUTES)) expect(customAttributes?.[name], name).toBe(INDEXED_VALUE_TYPE_KEYWORD);
    await client.workflow.start('PorticoDevServerProbe', {
      workflowId,
      taskQueue: 'nobody-polls-this',
      typedSearchAttributes: [{ key: PorticoStatus, value: 'probe' }],
    });
  });

  await expect(startTemporalDevServer({ port: first.port })).rejects.toThrow(/in use/);

  server = await restartTemporalDevServer(first);
  expect(server.address).toBe(first.address);
  expect(server.pid).not.toBe(first.pid);
  await withClient(server.address, async (connection, client) => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES)));
    const described = await client.workflow.getHandle(workflowId).describe();
    expect(described.status.name).toBe('RUNNING');
    expect(described.typedSearchAttributes.get(PorticoStatus)).toBe('probe');
    await client.workflow.getHandle(workflowId).terminate('test done');
  });

  await server.stop();
  expect(() => process.kill(server!.pid, 0)).toThrow();
  server = undefined;
}, 60_000);
