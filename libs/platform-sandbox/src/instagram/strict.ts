/**
 * Strict mode (issue 18), Instagram's part: the sandbox answers only what platform-apis.md
 * documents for the publishing flows, and refuses the rest the way an independent implementation
 * of the contract does, so a test can prove a client does not lean on edges the real platform may
 * not offer. Lenient mode (the default) keeps answering them, like the real Graph API often does.
 */
import type { Core } from '../core/context.js';
import type { Reply } from '../http/reply.js';
import type { HostName } from '../http/router.js';
import { graphError } from './graph-errors.js';

/** Endpoints the Instagram simulator serves that are not part of the documented contract (platform-apis.md). */
export const INSTAGRAM_UNDOCUMENTED_ENDPOINTS: readonly string[] = [
  // GET /{ig-user-id}/media (listing): not in §3; publishing reads the container and the media object.
  'instagram.media.list',
  'facebook.media.list',
];
const UNDOCUMENTED: ReadonlySet<string> = new Set(INSTAGRAM_UNDOCUMENTED_ENDPOINTS);

/** Fields a publishing client may read on a node (§3.5 container status, §3.6 media permalink). */
const DOCUMENTED_NODE_FIELDS = {
  container: new Set(['id', 'status_code', 'status']),
  media: new Set(['id', 'permalink']),
} as const;

function unsupported(id: string, method: string): Reply {
  return graphError(
    100,
    `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    { subcode: 33, type: 'GraphMethodException' },
  );
}

/** The refusal strict mode gives this call, or undefined when the call is documented. */
export function instagramStrictRefusal(
  core: Core,
  host: HostName,
  endpoint: string,
  method: string,
  params: Record<string, string>,
  query: URLSearchParams,
): Reply | undefined {
  const graph = host === 'instagram-graph' || host === 'facebook-graph';
  if (UNDOCUMENTED.has(endpoint)) {
    return graph ? unsupported(params['id'] ?? '', method) : undefined;
  }
  if (graph && method === 'GET' && endpoint.endsWith('.node')) {
    const id = params['id'] ?? '';
    const kind = core.state.instagram.containers.has(id) ? 'container' : core.state.instagram.media.has(id) ? 'media' : undefined;
    if (!kind) return undefined;
    const fields = (query.get('fields') ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const extra = fields.filter((f) => !DOCUMENTED_NODE_FIELDS[kind].has(f));
    if (extra.length) {
      return graphError(
        100,
        `(#100) Tried accessing nonexisting field (${extra.join(',')}) on node type (${kind === 'container' ? 'ShadowIGMediaBuilder' : 'IGMedia'})`,
      );
    }
  }
  return undefined;
}
