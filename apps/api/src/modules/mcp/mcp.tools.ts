import type { ApiKeyScope } from '@mwr/domain';

import type { ApiKeyPrincipal } from '../../common/auth/principal.js';

/** A JSON Schema object, as MCP clients read it in tools/list. */
export type JsonSchema = Record<string, unknown>;

/**
 * One MCP tool: what a model sees (name, description, input schema), the API key scope it needs
 * (the same scope as the REST route doing the same thing), and what it runs. `run` calls the
 * services the REST API calls: no logic of its own beyond shaping the answer.
 */
export interface McpTool {
  name: string;
  title: string;
  description: string;
  scope: ApiKeyScope;
  readOnly: boolean;
  inputSchema: JsonSchema;
  run(principal: ApiKeyPrincipal, args: Record<string, unknown>): Promise<Record<string, unknown>>;
}

const uuid = { type: 'string', format: 'uuid' } as const;

export const TOOL_INPUTS = {
  list_accounts: { type: 'object', properties: {}, additionalProperties: false },
  import_video_from_url: {
    type: 'object',
    properties: { url: { type: 'string', description: 'An http(s) URL of an MP4 or MOV video; private and loopback addresses are refused', maxLength: 2000 } },
    required: ['url'],
    additionalProperties: false,
  },
  create_draft: {
    type: 'object',
    properties: {
      title: { type: 'string', maxLength: 200 },
      caption: { type: 'string', maxLength: 5000 },
      hashtags: { type: 'array', items: { type: 'string' }, maxItems: 60, description: 'Without the #' },
      assetId: { ...uuid, description: 'A video of the workspace (import_video_from_url gives one)' },
      accountIds: { type: 'array', items: uuid, maxItems: 20, description: 'The social accounts to post to (list_accounts)' },
      timeZone: { type: 'string', description: 'IANA time zone the post is planned in (default UTC)' },
    },
    additionalProperties: false,
  },
  schedule_post: {
    type: 'object',
    properties: {
      postId: { ...uuid, description: 'The draft (create_draft) to schedule' },
      scheduledAt: { type: 'string', description: 'When to publish, an ISO 8601 instant in the future (e.g. 2026-12-24T18:00:00Z)' },
      timeZone: { type: 'string', description: 'IANA time zone (default: the post’s)' },
      dry_run: { type: 'boolean', description: 'Only say what would be published and every check that would refuse it; nothing is saved' },
    },
    required: ['postId', 'scheduledAt'],
    additionalProperties: false,
  },
  get_post_status: {
    type: 'object',
    properties: { postId: uuid },
    required: ['postId'],
    additionalProperties: false,
  },
  analytics_summary: {
    type: 'object',
    properties: {
      from: { type: 'string', description: 'First day (YYYY-MM-DD), default 29 days before `to`' },
      to: { type: 'string', description: 'Last day (YYYY-MM-DD), default today' },
      timeZone: { type: 'string' },
      platform: { type: 'string' },
      accountId: uuid,
    },
    additionalProperties: false,
  },
  best_times: {
    type: 'object',
    properties: {
      accountId: { ...uuid, description: 'One account; or give platform instead' },
      platform: { type: 'string', description: 'Every account of one platform; or give accountId instead' },
    },
    additionalProperties: false,
  },
} satisfies Record<string, JsonSchema>;

export type McpToolName = keyof typeof TOOL_INPUTS;
