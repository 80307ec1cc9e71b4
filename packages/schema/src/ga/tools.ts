import { z } from 'zod';
import { jsonObject } from '../common/json-object.js';
import type { Kit } from '../kit.js';

/** Service connectors an MCP tool may name instead of a server URL. */
const MCP_CONNECTORS = [
  'connector_dropbox',
  'connector_gmail',
  'connector_googlecalendar',
  'connector_googledrive',
  'connector_microsoftteams',
  'connector_outlookcalendar',
  'connector_outlookemail',
  'connector_sharepoint',
] as const;

/** Tools (function and MCP) and `tool_choice` of the GA session and `response.create`. */
export function toolSchemas(k: Kit) {
  const FunctionTool = k
    .object({
      type: z.literal('function').meta({ description: 'The type of the tool, i.e. `function`.' }),
      name: z.string().meta({ description: 'The name of the function.' }).optional(),
      description: z
        .string()
        .meta({
          description:
            'The description of the function: when and how to call it, and what to tell the user when calling.',
        })
        .optional(),
      parameters: jsonObject()
        .meta({ description: 'Parameters of the function in JSON Schema.' })
        .optional(),
    })
    .meta({ description: 'A function the model may call.' });

  const McpToolFilter = k
    .object({
      tool_names: z
        .array(z.string())
        .meta({ description: 'List of allowed tool names.' })
        .optional(),
      read_only: z
        .boolean()
        .meta({ description: 'Match tools annotated (or not) with `readOnlyHint`.' })
        .optional(),
    })
    .meta({ description: 'A filter object to specify which tools are allowed.' });

  const McpTool = k
    .object({
      type: z.literal('mcp').meta({ description: 'The type of the MCP tool. Always `mcp`.' }),
      server_label: z
        .string()
        .meta({ description: 'A label for this MCP server, used to identify it in tool calls.' }),
      server_url: z.url().meta({ description: 'The URL for the MCP server.' }).optional(),
      connector_id: z
        .enum(MCP_CONNECTORS)
        .meta({ description: 'Identifier for a service connector (deprecated for newer models).' })
        .optional(),
      tunnel_id: z
        .string()
        .regex(/^tunnel_[a-z0-9]{32}$/)
        .meta({
          description: 'The Secure MCP Tunnel ID (`tunnel_` + 32 lowercase letters or digits).',
        })
        .optional(),
      authorization: z
        .string()
        .meta({ description: 'An OAuth access token for the remote MCP server or connector.' })
        .optional(),
      server_description: z
        .string()
        .meta({ description: 'Optional description of the MCP server, for more context.' })
        .optional(),
      headers: z
        .record(z.string(), z.string())
        .nullable()
        .meta({ description: 'Optional HTTP headers to send to the MCP server.' })
        .optional(),
      allowed_tools: z
        .union([z.array(z.string()), McpToolFilter])
        .nullable()
        .meta({ description: 'List of allowed tool names or a filter object.' })
        .optional(),
      allowed_callers: z
        .array(z.enum(['direct', 'programmatic']))
        .min(1)
        .nullable()
        .meta({ description: 'The tool invocation context(s).' })
        .optional(),
      require_approval: z
        .union([
          z.enum(['always', 'never']),
          k.object({ always: McpToolFilter.optional(), never: McpToolFilter.optional() }),
        ])
        .nullable()
        .meta({
          description:
            "Which of the server's tools require approval: `always` (default), `never`, or filters.",
        })
        .optional(),
      defer_loading: z
        .boolean()
        .meta({ description: 'Whether this MCP tool is deferred and discovered via tool search.' })
        .optional(),
    })
    // "One of `server_url`, `connector_id`, or `tunnel_id` must be provided."
    .check((ctx) => {
      const v = ctx.value;
      if (v.server_url === undefined && v.connector_id === undefined && v.tunnel_id === undefined) {
        ctx.issues.push({
          code: 'custom',
          message: 'One of `server_url`, `connector_id`, or `tunnel_id` must be provided',
          input: v,
          path: ['server_url'],
        });
      }
    })
    .meta({
      description: 'Tools of a remote MCP (Model Context Protocol) server.',
      // The same rule, for JSON Schema.
      anyOf: ['server_url', 'connector_id', 'tunnel_id'].map((key) => ({
        type: 'object',
        properties: { [key]: {} },
        required: [key],
      })),
    });

  const Tool = z
    .discriminatedUnion('type', [FunctionTool, McpTool])
    .meta({ description: 'A tool available to the model, tagged by `type`.' });

  const ToolChoiceFunction = k
    .object({
      type: z.literal('function').meta({ description: 'Always `function`.' }),
      name: z.string().meta({ description: 'The name of the function to call.' }),
    })
    .meta({ description: 'Force a call to this function.' });
  const ToolChoiceMcp = k
    .object({
      type: z.literal('mcp').meta({ description: 'Always `mcp`.' }),
      server_label: z.string().meta({ description: 'The label of the MCP server to use.' }),
      name: z
        .string()
        .nullable()
        .meta({ description: 'The name of the tool to call on the server.' })
        .optional(),
    })
    .meta({ description: 'Force a call to a tool of this MCP server.' });

  const ToolChoice = z
    .union([
      z.enum(['none', 'auto', 'required']),
      z.discriminatedUnion('type', [ToolChoiceFunction, ToolChoiceMcp]),
    ])
    .meta({
      description:
        'How the model chooses tools: `auto` (default), `none`, `required`, or force a function or MCP tool.',
    });

  return {
    objects: {
      FunctionTool,
      McpToolFilter,
      McpTool,
      Tool,
      ToolChoiceFunction,
      ToolChoiceMcp,
      ToolChoice,
    },
  };
}
