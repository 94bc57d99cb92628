import type { IncomingMessage } from 'node:http';

import type { FaultRule } from '../faults/faults.js';
import type { HostName } from '../http/router.js';
import type { BaseUrls } from '../mounts.js';
import type { SandboxClock } from './clock.js';
import type { Sequence } from './ids.js';
import type { PlatformMount } from './mount.js';
import type { ResolvedOptions } from './options.js';
import type { Rng } from './rng.js';
import type { RequestLogEntry, SandboxState } from './state.js';

export type { BaseUrls } from '../mounts.js';

/** The sandbox's internal runtime shared by every handler. */
export interface Core {
  readonly opts: ResolvedOptions;
  readonly clock: SandboxClock;
  state: SandboxState;
  rng: Rng;
  readonly seq: Sequence;
  faultRules: FaultRule[];
  /** The platforms' simulators, in the order createSandbox lists them. */
  readonly mounts: readonly PlatformMount[];
  /** Advances every state machine to the current simulated time. */
  tick(): void;
  /** Registers background work (downloads, webhook deliveries) so tests can await settle(). */
  track(work: Promise<unknown>): void;
  urls(origin: string): BaseUrls;
}

export interface Ctx {
  readonly core: Core;
  readonly req: IncomingMessage;
  readonly host: HostName;
  readonly method: string;
  /** Path inside the host, e.g. '/v2/post/publish/video/init/' (a versioned host's version stripped). */
  readonly path: string;
  readonly url: URL;
  readonly query: URLSearchParams;
  params: Record<string, string>;
  /** Absolute origin for URLs handed out to clients. */
  readonly origin: string;
  readonly graphVersion: string | undefined;
  /**
   * Set by the stuck_processing fault: whatever this request creates never finishes processing;
   * by content_rejected: what this request completes is rejected by the platform's review.
   */
  readonly flags: { stuck: boolean; rejected: boolean };
  readonly log: RequestLogEntry;
  /** Reads the body once (cached), with a size limit. */
  body(limit?: number): Promise<Buffer>;
}
