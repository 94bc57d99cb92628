import { toNodeHandler, type NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, fromJsonSchema, McpServer, type AuthInfo, type CallToolResult } from '@modelcontextprotocol/server';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

import { scopesAllow, type ApiKeyScope } from '@mwr/domain';

import type { ApiKeyPrincipal, Principal } from '../../common/auth/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { McpToolsService } from './mcp-tools.service.js';
import type { McpTool } from './mcp.tools.js';

const SERVER_INFO = { name: 'marketing-war-room', version: '1.0.0' };

/** The caller, carried from the AuthGuard to the tools through the SDK's pass-through authInfo. */
interface KeyAuthInfo extends AuthInfo {
  extra: { principal: ApiKeyPrincipal };
}

const text = (value: unknown): CallToolResult['content'] => [{ type: 'text', text: JSON.stringify(value) }];

/** A refusal the model can read and act on: the API's own code and message, as a tool error result. */
export function toolError(code: string, message: string, details?: unknown): CallToolResult {
  const error = { code, message, ...(details !== undefined ? { details } : {}) };
  return { isError: true, content: text({ error }), structuredContent: { error } };
}

/**
 * The MCP server at /mcp (issue 26): Streamable HTTP from the official SDK (`createMcpHandler`,
 * stateless: a fresh McpServer per request, so any API process can answer any call), mounted on
 * the Express adapter through `toNodeHandler`. The global AuthGuard has already checked the
 * Bearer API key; its scopes decide per tool — a call without the scope answers a tool error
 * (INSUFFICIENT_SCOPE), never an HTTP error.
 */
@Injectable()
export class McpService {
  private readonly logger = new Logger(McpService.name);
  private readonly handler: NodeMcpRequestHandler;

  constructor(private readonly tools: McpToolsService) {
    const mcp = createMcpHandler((ctx) => this.server(ctx.authInfo as KeyAuthInfo | undefined));
    this.handler = toNodeHandler(mcp, { onerror: (error) => this.logger.error(`MCP request failed: ${error.message}`, error.stack) });
  }

  async handle(principal: Principal | undefined, req: Request, res: Response): Promise<void> {
    // People use the web app; the MCP endpoint is for integrations, with a key and its scopes.
    if (principal?.kind !== 'api_key') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="mcp"');
      throw new AppException('UNAUTHENTICATED', 'The MCP endpoint takes an API key as a Bearer token', HttpStatus.UNAUTHORIZED);
    }
    const auth: KeyAuthInfo = { token: 'api-key', clientId: principal.apiKeyId, scopes: principal.scopes, extra: { principal } };
    Object.assign(req, { auth });
    await this.handler(req, res, req.body);
  }

  private server(auth: KeyAuthInfo | undefined): McpServer {
    const server = new McpServer(SERVER_INFO, {
      instructions:
        'Marketing War Room: plan and publish short videos to the workspace’s social accounts. Import a video, create a draft, dry-run then schedule it, and follow its status.',
    });
    for (const tool of this.tools.tools) {
      server.registerTool(
        tool.name,
        {
          title: tool.title,
          description: `${tool.description} (API key scope: ${tool.scope})`,
          inputSchema: fromJsonSchema<Record<string, unknown>>(tool.inputSchema),
          annotations: { readOnlyHint: tool.readOnly, destructiveHint: false, openWorldHint: tool.name === 'import_video_from_url' },
          _meta: { 'mwr/scope': tool.scope },
        },
        (args: Record<string, unknown>) => this.call(tool, auth, args ?? {}),
      );
    }
    return server;
  }

  private async call(tool: McpTool, auth: KeyAuthInfo | undefined, args: Record<string, unknown>): Promise<CallToolResult> {
    const principal = auth?.extra.principal;
    if (!principal) return toolError('UNAUTHENTICATED', 'The MCP endpoint takes an API key as a Bearer token');
    if (!scopesAllow(principal.scopes, tool.scope as ApiKeyScope)) return toolError('INSUFFICIENT_SCOPE', `This API key needs the ${tool.scope} scope`);
    try {
      const result = await tool.run(principal, args);
      return { content: text(result), structuredContent: result };
    } catch (error) {
      if (error instanceof AppException) return toolError(error.code, error.message, error.details);
      // Never a 500 to the client: the failure is logged with the tool, the model gets a generic error.
      this.logger.error(`MCP tool ${tool.name} failed: ${(error as Error).message}`, (error as Error).stack);
      return toolError('INTERNAL_ERROR', 'The tool failed; try again later');
    }
  }
}
