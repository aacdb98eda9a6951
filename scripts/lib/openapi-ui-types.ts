// The UI's API types, generated from the committed OpenAPI document by openapi-typescript, so the
// UI never copies a type: a changed route shows in review as a change to both files, and a UI that
// reads what the API no longer sends fails `npm run typecheck`.
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';

/** Where the generated types live, from the repository root (committed; tests fail while they differ). */
export const UI_TYPES_FILE = 'ui/src/lib/api/schema.d.ts';

const HEADER = `/**
 * The API's types, generated from docs/openapi.json by \`npm run openapi:write\` (openapi-typescript).
 * Do not edit: change the route's schemas in web-api/ and run the command again.
 */

`;

const BLOB = ts.factory.createTypeReferenceNode('Blob');

/**
 * The types for an OpenAPI document's text: \`paths\` for the typed client and every named schema
 * (\`components.schemas\`) as a type of its own name. TypeScript's printer writes the file, so the
 * same document always gives the same text.
 */
export async function uiTypesText(openApiText: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(openApiText) as OpenAPI3, {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    // A file sent or received is a Blob in the browser (an upload's File, a download), not a string.
    transform: (schema) => (schema.format === 'binary' ? BLOB : undefined),
    silent: true,
  });
  return `${HEADER}${astToString(ast)}`;
}
