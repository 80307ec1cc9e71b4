import { z } from 'zod';
import type { Kit } from '../kit.js';
import { serverEventId } from './event-id.js';

/** MCP events of the GA dialect: `mcp_list_tools.*`, `response.mcp_call_arguments.*`, `response.mcp_call.*`. */
export function mcpEventSchemas(k: Kit) {
  const outputIndex = z
    .number()
    .int()
    .nonnegative()
    .meta({ description: 'The index of the output item in the response.' });
  const callItemId = z.string().meta({ description: 'The ID of the MCP tool call item.' });
  const listItemId = z.string().meta({ description: 'The ID of the MCP list tools item.' });
  const responseId = z.string().meta({ description: 'The ID of the response.' });

  const callEvent = <T extends string>(type: T) =>
    k.object({
      event_id: serverEventId(),
      type: z.literal(type),
      output_index: outputIndex,
      item_id: callItemId,
    });
  const listEvent = <T extends string>(type: T) =>
    k.object({ event_id: serverEventId(), type: z.literal(type), item_id: listItemId });

  const serverEvents = {
    /** Arguments of an MCP tool call being generated. */
    'response.mcp_call_arguments.delta': k.object({
      event_id: serverEventId(),
      type: z.literal('response.mcp_call_arguments.delta'),
      response_id: responseId,
      item_id: callItemId,
      output_index: outputIndex,
      delta: z.string().meta({ description: 'The JSON-encoded arguments delta.' }),
      obfuscation: z
        .string()
        .nullable()
        .meta({ description: 'If present, the delta text was obfuscated.' })
        .optional(),
    }),
    /** The final arguments of an MCP tool call. */
    'response.mcp_call_arguments.done': k.object({
      event_id: serverEventId(),
      type: z.literal('response.mcp_call_arguments.done'),
      response_id: responseId,
      item_id: callItemId,
      output_index: outputIndex,
      arguments: z.string().meta({ description: 'The final JSON-encoded arguments string.' }),
    }),
    /** An MCP tool call started. */
    'response.mcp_call.in_progress': callEvent('response.mcp_call.in_progress'),
    /** An MCP tool call completed. */
    'response.mcp_call.completed': callEvent('response.mcp_call.completed'),
    /** An MCP tool call failed. */
    'response.mcp_call.failed': callEvent('response.mcp_call.failed'),
    /** Listing the tools of an MCP server is in progress. */
    'mcp_list_tools.in_progress': listEvent('mcp_list_tools.in_progress'),
    /** Listing the tools of an MCP server completed. */
    'mcp_list_tools.completed': listEvent('mcp_list_tools.completed'),
    /** Listing the tools of an MCP server failed. */
    'mcp_list_tools.failed': listEvent('mcp_list_tools.failed'),
  };

  return { serverEvents };
}
