/**
 * What travels between processes. `job_event` is a job_events row announced by Postgres NOTIFY
 * in the statement that inserted it (queue module, appendEvent): durable, replayable by id.
 * The others are ephemeral: progress ticks, and the "gap" a transport reports after it lost its
 * connection (listeners may have missed events, so clients must refetch).
 */
export interface JobEventMessage {
  kind: 'job_event';
  /** job_events.id: the SSE event id, and the replay cursor. */
  id: string;
  workspaceId: string;
  jobId: string | null;
  publicationId: string | null;
  type: string;
  status: string | null;
}

export interface ProgressMessage {
  kind: 'progress';
  workspaceId: string;
  publicationId: string;
  progressBytes: number;
  totalBytes: number | null;
}

/** Why a caller may have lost access; `reason` is also what a closed event stream is told. */
export type AccessChangeReason = 'member_removed' | 'role_changed' | 'workspace_deleted' | 'api_key_revoked' | 'session_revoked' | 'password_changed';

/**
 * Someone's access may have ended (published by the auth, api-keys and workspaces services after
 * their change committed). The fields say whose: listeners (the SSE gateway) re-check the open
 * streams that match any of them at once instead of waiting for their periodic re-check.
 */
export interface AccessChangedMessage {
  kind: 'access_changed';
  reason: AccessChangeReason;
  workspaceId?: string;
  userId?: string;
  sessionId?: string;
  apiKeyId?: string;
}

export interface GapMessage {
  kind: 'gap';
  reason: string;
}

export type BusMessage = JobEventMessage | ProgressMessage | AccessChangedMessage | GapMessage;
export type BusHandler = (message: BusMessage) => void;

/**
 * One publish/subscribe interface whatever carries it: Postgres LISTEN/NOTIFY (DATABASE_URL),
 * Redis pub/sub (REDIS_URL), or in-process for the embedded database (one process holds it).
 */
export abstract class EventBus {
  abstract readonly transport: string;
  /** Best effort: an ephemeral message lost on the way is superseded by the next one or by the state. */
  abstract publish(message: ProgressMessage | AccessChangedMessage): Promise<void>;
  /** Starts listening on first use; returns the unsubscribe function. */
  abstract subscribe(handler: BusHandler): Promise<() => void>;
}

/** The NOTIFY channels: job events (queue module) and the bus's own ephemeral messages. */
export const JOB_EVENTS_CHANNEL = 'mwr_events';
export const BUS_CHANNEL = 'mwr_bus';
export const REDIS_BUS_CHANNEL = 'mwr:bus';

/** Parses a NOTIFY payload of appendEvent into a message; undefined when it is not one. */
export function parseJobEvent(payload: string): JobEventMessage | undefined {
  try {
    const raw = JSON.parse(payload) as Record<string, unknown>;
    if ((typeof raw.id !== 'number' && typeof raw.id !== 'string') || typeof raw.workspaceId !== 'string' || typeof raw.type !== 'string') return undefined;
    return {
      kind: 'job_event',
      id: String(raw.id),
      workspaceId: raw.workspaceId,
      jobId: typeof raw.jobId === 'string' ? raw.jobId : null,
      publicationId: typeof raw.publicationId === 'string' ? raw.publicationId : null,
      type: raw.type,
      status: typeof raw.status === 'string' ? raw.status : null,
    };
  } catch {
    return undefined;
  }
}

export function parseBusMessage(payload: string): BusMessage | undefined {
  try {
    const raw = JSON.parse(payload) as BusMessage;
    return raw && typeof raw === 'object' && (raw.kind === 'progress' || raw.kind === 'access_changed' || raw.kind === 'gap') ? raw : undefined;
  } catch {
    return undefined;
  }
}
