import type { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

/**
 * OpenAPI fragments generated from the zod schemas that validate the requests, so
 * the description cannot drift from what the server accepts.
 */
type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; required?: string[] };

export function schemaOf(schema: z.ZodTypeAny, io: 'input' | 'output' = 'input'): JsonSchema {
  // The cast keeps TypeScript from instantiating zod-to-json-schema's deep generic types.
  const convert = zodToJsonSchema as unknown as (schema: unknown, options: object) => JsonSchema;
  const { $schema: _drop, ...json } = convert(schema, { target: 'openApi3', $refStrategy: 'none', effectStrategy: io });
  return json;
}

/** Query-string parameters, one per property of an object schema. */
export function queryParameters(schema: z.ZodTypeAny) {
  const json = schemaOf(schema);
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: json.required?.includes(name) ?? false, ...(description !== undefined && { description }), schema: rest };
  });
}

export function pathParameter(name: string, schema: z.ZodTypeAny) {
  return { name, in: 'path', required: true, schema: schemaOf(schema) };
}

export const jsonRequest = (schema: z.ZodTypeAny) => ({ required: true, content: { 'application/json': { schema: schemaOf(schema) } } });

export const jsonResponse = (description: string, schema?: Record<string, unknown>) => ({
  description,
  ...(schema && { content: { 'application/json': { schema } } }),
});
