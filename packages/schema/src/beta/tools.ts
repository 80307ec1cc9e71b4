import { z } from 'zod';
import { jsonObject } from '../common/json-object.js';
import type { Kit } from '../kit.js';
import { doc } from './fields.js';

/**
 * Tools of the beta dialect: function tools only (MCP tools are GA-only), and `tool_choice`.
 */
export function toolSchemas(k: Kit) {
  /**
   * A function tool. `type` and `name` are required (the spec marks them optional): the beta
   * server silently dropped tools without `type` (`session.updated` showed `tools: []`).
   */
  const FunctionTool = k
    .object({
      type: doc(z.literal('function'), 'The type of the tool, i.e. `function`.'),
      name: doc(z.string(), 'The name of the function.'),
      description: doc(
        z.string(),
        'The description of the function, including guidance on when and how to call it, and what to tell the user when calling (if anything).',
      ).optional(),
      parameters: doc(jsonObject(), 'Parameters of the function in JSON Schema.').optional(),
    })
    .meta({ description: 'A function the model may call.' });

  /** A tool available to the model, tagged by `type` (beta: `function` only). */
  const Tool = z
    .discriminatedUnion('type', [FunctionTool])
    .meta({ description: 'A tool available to the model (beta: function tools only).' });

  /** `tool_choice` forcing one function: flat `{type:"function", name}`. */
  const ToolChoiceFunction = k
    .object({
      type: doc(z.literal('function'), 'Always `function`.'),
      name: doc(z.string(), 'The name of the function to call.'),
    })
    .meta({ description: 'Forces the model to call one function.' });

  /**
   * `tool_choice`: `auto` (default), `none`, `required`, or a function. The spec types it as an
   * open string; the wire also takes the flat object `{type:"function", name}` (Azure answered the
   * nested Chat Completions form with "Missing required parameter: 'session.tool_choice.name'").
   */
  const ToolChoice = z
    .union([z.string(), ToolChoiceFunction], {
      error:
        'Invalid input: expected "auto", "none", "required" or {"type": "function", "name": "..."}',
    })
    .meta({
      description:
        'How the model chooses tools: `auto` (default), `none`, `required`, or a function as {"type": "function", "name": "..."}.',
    });

  return { FunctionTool, Tool, ToolChoiceFunction, ToolChoice };
}
