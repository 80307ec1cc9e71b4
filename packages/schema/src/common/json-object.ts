import { z } from 'zod';

/**
 * Any JSON object, its keys and values not checked: a function tool's JSON Schema `parameters`,
 * an MCP tool's `input_schema`, trace metadata.
 *
 * @note A loose object with no known keys rather than `z.record(z.string(), z.unknown())`: both
 * accept the same values and infer `{ [key: string]: unknown }`, but zod's compiled check of a
 * record visits every key (a tool's schema has dozens), and of a loose object only its type. In
 * JSON Schema both are `"type": "object"` with any additional properties.
 */
export function jsonObject() {
  return z.looseObject({});
}
