// `npm run openapi:write`: writes the OpenAPI document the routes describe to docs/openapi.json,
// the committed API contract, and the UI's types generated from it (tests fail while either
// differs from what the code gives). Needs no database or Temporal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { currentOpenApiText, OPENAPI_FILE } from '../web-api/openapi-routes.ts';
import { UI_TYPES_FILE, uiTypesText } from './lib/openapi-ui-types.ts';

const write = (file: string, text: string) => {
  const path = join(import.meta.dirname, '..', file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};
const text = currentOpenApiText();
write(OPENAPI_FILE, text);
console.log(`wrote ${OPENAPI_FILE} (${Object.keys((JSON.parse(text) as { paths: object }).paths).length} paths)`);
write(UI_TYPES_FILE, await uiTypesText(text));
console.log(`wrote ${UI_TYPES_FILE}`);
