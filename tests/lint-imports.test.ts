/**
 * The import table of ARCHITECTURE.md ("Folders") as lint enforces it: the project's own
 * eslint.config.js lints small sources as if they sat in each folder. Only the import rules are
 * looked at (type-aware linting is switched off: these sources exist nowhere on disk).
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const IMPORT_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off', '@typescript-eslint/no-unused-vars': 'off' },
  },
});

/** The import-rule messages for `code` linted as the file `path` (relative to the repository). */
async function importProblems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId && IMPORT_RULES.has(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('web-api/', () => {
  const file = 'web-api/routes/lint-fixture.ts';

  it('may not import activities/, statically, as a type or at run time', async () => {
    expect(await importProblems(file, `import { createSignatureActivities } from '../../activities/signature.ts';\nexport { createSignatureActivities };\n`))
      .toEqual([expect.stringMatching(/^no-restricted-imports: .*never imports activities/)]);
    expect(await importProblems(file, `import type { SigningSettings } from '../../activities/signature.ts';\nexport type { SigningSettings };\n`)).toHaveLength(1);
    expect(await importProblems(file, `export { sealPdf } from '../../activities/signing/seal.ts';\n`)).toHaveLength(1);
    expect(await importProblems(file, `export async function f() { return import('../../activities/signature.ts'); }\n`))
      .toEqual([expect.stringMatching(/^no-restricted-syntax: .*never imports activities/)]);
    expect(await importProblems(file, `import { createActivities } from '../../worker/activities.ts';\nexport { createActivities };\n`)).toHaveLength(1);
  });

  it('may import domain/, db/ and the workflows\' definitions', async () => {
    expect(await importProblems(file, [
      `import { hashToken } from '../../domain/tokens.ts';`,
      `import { recordAudit } from '../../db/audit.ts';`,
      `import { dunningWorkflow, dunningWorkflowId } from '../../workflows/dunning.ts';`,
      `export async function f() { return [hashToken, recordAudit, dunningWorkflow, dunningWorkflowId, await import('../../domain/invoicing/document.ts')]; }`,
    ].join('\n'))).toEqual([]);
  });
});

describe('workflows/', () => {
  const file = 'workflows/lint-fixture.ts';

  it('may import values only from Temporal\'s workflow packages and its own folder', async () => {
    expect(await importProblems(file, [
      `import { proxyActivities } from '@temporalio/workflow';`,
      `import { ApplicationFailure } from '@temporalio/common';`,
      `import { safeHandler } from './safe-handlers.ts';`,
      `import type { createDunningActivities } from '../activities/dunning.ts';`,
      `import type { SendDeps } from '../domain/invoicing/send-invoice.ts';`,
      `export { proxyActivities, ApplicationFailure, safeHandler };`,
      `export type { createDunningActivities, SendDeps };`,
    ].join('\n'))).toEqual([]);
  });

  it('may not import values from domain/, activities/, db/ or other packages, nor load code at run time', async () => {
    expect(await importProblems(file, `import { formatMoney } from '../domain/invoicing/money.ts';\nexport { formatMoney };\n`))
      .toEqual([expect.stringMatching(/^no-restricted-imports: .*Workflows may import only types/)]);
    expect(await importProblems(file, `import { createDunningActivities } from '../activities/dunning.ts';\nexport { createDunningActivities };\n`)).toHaveLength(1);
    expect(await importProblems(file, `import { recordAudit } from '../db/audit.ts';\nexport { recordAudit };\n`)).toHaveLength(1);
    expect(await importProblems(file, `import { z } from 'zod';\nexport { z };\n`)).toHaveLength(1);
    expect(await importProblems(file, `import { readFile } from 'node:fs/promises';\nexport { readFile };\n`))
      .toEqual([expect.stringMatching(/Node built-ins/)]);
    expect(await importProblems(file, `export async function f() { return import('./safe-handlers.ts'); }\n`))
      .toEqual([expect.stringMatching(/^no-restricted-syntax: /)]);
  });
});

describe('domain/', () => {
  const file = 'domain/lint-fixture.ts';

  it('may not import the API, the activities, the worker or the UI, and from workflows/ only types', async () => {
    expect(await importProblems(file, `import { AppError } from '../web-api/errors.ts';\nexport { AppError };\n`))
      .toEqual([expect.stringMatching(/^no-restricted-imports: .*domain\/ is used by the API and the activities/)]);
    expect(await importProblems(file, `import { createBillingActivities } from '../activities/billing.ts';\nexport { createBillingActivities };\n`)).toHaveLength(1);
    expect(await importProblems(file, `import { dunningWorkflow } from '../workflows/dunning.ts';\nexport { dunningWorkflow };\n`)).toHaveLength(1);
    expect(await importProblems(file, `export async function f() { return import('../web-api/errors.ts'); }\n`)).toHaveLength(1);
  });

  it('may import db/, packages and types from workflows/', async () => {
    expect(await importProblems(file, [
      `import { recordAudit } from '../db/audit.ts';`,
      `import { PDFDocument } from 'pdf-lib';`,
      `import type { DunningInput } from '../workflows/dunning.ts';`,
      `export { recordAudit, PDFDocument };`,
      `export type { DunningInput };`,
    ].join('\n'))).toEqual([]);
  });
});

describe('db/', () => {
  const file = 'db/lint-fixture.ts';

  it('may not import the API or the activities', async () => {
    expect(await importProblems(file, `import { AppError } from '../web-api/errors.ts';\nexport { AppError };\n`))
      .toEqual([expect.stringMatching(/^no-restricted-imports: .*db\/ is used by every process/)]);
    expect(await importProblems(file, `import { dispatchOutbox } from '../activities/mail/outbox-dispatcher.ts';\nexport { dispatchOutbox };\n`)).toHaveLength(1);
  });

  it('may import its own files and packages', async () => {
    expect(await importProblems(file, `import { recordAudit } from './audit.ts';\nimport { Client } from 'pg';\nexport { recordAudit, Client };\n`)).toEqual([]);
  });
});
