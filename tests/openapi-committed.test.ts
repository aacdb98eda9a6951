/**
 * The OpenAPI document is the API's committed contract (docs/openapi.json): a change to a route's
 * path, parameters, request or response schema shows in review as a change to that file. This fails
 * while the document the code describes differs from the committed one, and while the UI's types
 * (ui/src/lib/api/schema.d.ts) are not the ones generated from the committed document.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentOpenApiText, OPENAPI_FILE } from '../web-api/openapi-routes.ts';
import { registry } from '../web-api/http.ts';
import { UI_TYPES_FILE, uiTypesText } from '../scripts/lib/openapi-ui-types.ts';

const read = (file: string) => readFileSync(join(import.meta.dirname, '..', file), 'utf8');

/** Fails naming the file and its first line that differs from what it should be. */
function expectSame(file: string, committed: string, expected: string, source: string): void {
  if (committed === expected) return;
  const [a, b] = [committed.split('\n'), expected.split('\n')];
  const line = a.findIndex((l, i) => l !== b[i]);
  expect.fail(`${file} is not ${source} (first difference at line ${line + 1}: `
    + `committed ${JSON.stringify(a[line] ?? '(end)')}, expected ${JSON.stringify(b[line] ?? '(end)')}): run npm run openapi:write and commit it`);
}

describe('the committed OpenAPI document', () => {
  const current = currentOpenApiText();

  it('is the document the routes describe', () => {
    expectSame(OPENAPI_FILE, read(OPENAPI_FILE), current, 'the document the code describes');
  });

  it("gives the UI's committed types", async () => {
    expectSame(UI_TYPES_FILE, read(UI_TYPES_FILE), await uiTypesText(read(OPENAPI_FILE)), `the types generated from ${OPENAPI_FILE}`);
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
