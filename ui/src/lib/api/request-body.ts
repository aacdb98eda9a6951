import type { paths } from './schema.d.ts';

/**
 * The JSON body a route takes: its schema's input form, so a field with a default may be left out
 * (the answer of the same name has it).
 */
export type RequestBody<P extends keyof paths, M extends 'post' | 'put' | 'patch'> =
  paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
