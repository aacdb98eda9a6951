/**
 * The OpenAPI document is the API's committed contract (docs/openapi.json): a change to a route's
 * path, parameters, request or response schema shows in review as a change to that file. This fails
 * while the document the code describes differs from the committed one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentOpenApiText, OPENAPI_FILE } from '../web-api/openapi-routes.ts';
import { registry } from '../web-api/http.ts';

describe('the committed OpenAPI document', () => {
  const current = currentOpenApiText();

  it('is the document the routes describe', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', OPENAPI_FILE), 'utf8');
    if (committed !== current) {
      const [a, b] = [committed.split('\n'), current.split('\n')];
      const line = a.findIndex((l, i) => l !== b[i]);
      expect.fail(`${OPENAPI_FILE} is not the document the code describes (first difference at line ${line + 1}: `
        + `committed ${JSON.stringify(a[line] ?? '(end)')}, code ${JSON.stringify(b[line] ?? '(end)')}): run npm run openapi:write and commit it`);
    }
  });

  it('describes an answer for every route: a JSON schema, a file type, or no content', () => {
    const undescribed = registry.filter((s) => !s.response && !s.produces && s.status !== 204).map((s) => `${s.method.toUpperCase()} ${s.path}`);
    expect(undescribed).toEqual([]);
    const doc = JSON.parse(current) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const ok = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
        expect(ok, `${method} ${path}`).toBeDefined();
        if (ok![0] !== '204') expect(Object.keys(ok![1].content ?? {}), `${method} ${path}`).not.toEqual([]);
      }
    }
  });
});
