/**
 * ARCHITECTURE.md, "Writes": each table's rows are made in one module, so an insert is never copied.
 * The sources are read, not run: an `insert into <table>` in any string or template of the code, and
 * an ORM `create`/`insert`/`upsert` of the table's entity, count as making its rows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { UnderscoreNamingStrategy } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { entities } from '../db/entities/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FOLDERS = ['web-api', 'activities', 'domain', 'db', 'worker', 'workflows', 'scripts'];

/**
 * Not application code: tests (unit tests beside the code), migrations (they create the tables), and
 * the benchmarks, which fill a database of their own with generated rows in bulk (generate_series,
 * unnest, a precomputed audit chain) as fixtures.
 */
const NOT_SCANNED = [/\.test\.ts$/, /^db\/migrations\//, /^scripts\/bench\.ts$/, /^scripts\/lib\/bench-[^/]+\.ts$/];

/**
 * Files that make rows of a table besides its module, and why. The demo seed sets up the business
 * as an admin would over many requests (accounts, people with their passwords, teams, branding, a
 * published template), through the entities; everything after that it does through the app's own
 * functions.
 */
const ALSO_WRITES: Record<string, string[]> = {
  'scripts/lib/seed-demo.ts': ['account', 'app_user', 'account_team_member', 'branding', 'engagement_template', 'engagement_template_version'],
};

const naming = new UnderscoreNamingStrategy();
const TABLE_OF_ENTITY = new Map(entities.map((e) => [e.meta.className, e.meta.tableName ?? naming.classToTableName(e.meta.className)]));
const ORM_CREATES = new Set(['create', 'insert', 'insertMany', 'upsert', 'upsertMany']);
const INSERT_INTO = /\binsert\s+into\s+(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/gi;

/** The tables whose rows a source makes: by SQL in its strings and templates, and through entities. */
function tablesWritten(path: string, code: string): Set<string> {
  const tables = new Set<string>();
  const source = ts.createSourceFile(path, code, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      for (const m of node.text.matchAll(INSERT_INTO)) tables.add(m[1]!.toLowerCase());
    } else if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((s) => ` \${} ${s.literal.text}`)].join('');
      for (const m of text.matchAll(INSERT_INTO)) tables.add(m[1]!.toLowerCase());
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ORM_CREATES.has(node.expression.name.text)) {
      const [first] = node.arguments;
      const table = first && ts.isIdentifier(first) ? TABLE_OF_ENTITY.get(first.text) : undefined;
      if (table) tables.add(table);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return tables;
}

/** For each table made in more than one file (not counting the files allowed to), those files. */
function tablesWrittenTwice(sources: { path: string; code: string }[]): Record<string, string[]> {
  const writers = new Map<string, string[]>();
  for (const { path, code } of sources) {
    for (const table of tablesWritten(path, code)) {
      if (ALSO_WRITES[path]?.includes(table)) continue;
      writers.set(table, [...(writers.get(table) ?? []), path]);
    }
  }
  return Object.fromEntries([...writers].filter(([, files]) => files.length > 1).map(([table, files]) => [table, files.sort()]));
}

function projectSources(): { path: string; code: string }[] {
  return FOLDERS.flatMap((folder) => readdirSync(`${ROOT}${folder}`, { recursive: true, encoding: 'utf8' })
    .map((file) => `${folder}/${file.split('\\').join('/')}`)
    .filter((path) => path.endsWith('.ts') && !NOT_SCANNED.some((re) => re.test(path)))
    .map((path) => ({ path, code: readFileSync(`${ROOT}${path}`, 'utf8') })));
}

describe('write paths', () => {
  it('finds the tables a source makes rows of, by SQL and through entities, and nothing in comments', () => {
    expect([...tablesWritten('a.ts', [
      `// insert into account is how the seed did it`,
      `await c.execute('INSERT INTO "stored_file" (id) values (?)', [id]);`,
      'await c.execute(`insert into\n  payment (id, note) values (?, ${note}) on conflict do nothing`);',
      `em.create(User, { email });`,
      `tx.insert(StoredFile, row);`,
      `em.create(NotAnEntity, {});`,
    ].join('\n'))].sort()).toEqual(['app_user', 'payment', 'stored_file']);
  });

  it('reports a table made in two files, and lets a listed file make the rows it is allowed to', () => {
    const insert = `await c.execute('insert into stored_file (id) values (?)', [id]);`;
    expect(tablesWrittenTwice([{ path: 'db/stored-files.ts', code: insert }, { path: 'web-api/services/x.ts', code: insert }]))
      .toEqual({ stored_file: ['db/stored-files.ts', 'web-api/services/x.ts'] });
    expect(tablesWrittenTwice([{ path: 'db/stored-files.ts', code: insert }, { path: 'web-api/services/x.ts', code: `em.create(StoredFile, row);` }]))
      .toEqual({ stored_file: ['db/stored-files.ts', 'web-api/services/x.ts'] });
    expect(tablesWrittenTwice([{ path: 'web-api/routes/admin.ts', code: `tx.create(Account, a);` }, { path: 'scripts/lib/seed-demo.ts', code: `em.create(Account, a);` }]))
      .toEqual({});
  });

  it('each table of the project has its rows made in one module', () => {
    const sources = projectSources();
    expect(sources.map((s) => s.path)).toEqual(expect.arrayContaining(['db/stored-files.ts', 'web-api/routes/documents/setup.ts', 'activities/signature.ts']));
    expect(tablesWrittenTwice(sources)).toEqual({});
  });
});
