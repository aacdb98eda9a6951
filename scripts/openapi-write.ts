// `npm run openapi:write`: writes the OpenAPI document the routes describe to docs/openapi.json,
// the committed API contract (tests fail while the two differ). Needs no database or Temporal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { currentOpenApiText, OPENAPI_FILE } from '../web-api/openapi-routes.ts';

const file = join(import.meta.dirname, '..', OPENAPI_FILE);
mkdirSync(dirname(file), { recursive: true });
const text = currentOpenApiText();
writeFileSync(file, text);
console.log(`wrote ${OPENAPI_FILE} (${Object.keys((JSON.parse(text) as { paths: object }).paths).length} paths)`);
