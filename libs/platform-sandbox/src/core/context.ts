import type { IncomingMessage } from 'node:http';

import type { FaultRule } from '../faults/faults.js';
import type { HostName } from '../http/router.js';
import type { SandboxClock } from './clock.js';
import type { Sequence } from './ids.js';
import type { PlatformMount } from './mount.js';
import type { ResolvedOptions } from './options.js';
import type { Rng } from './rng.js';
import type { RequestLogEntry, SandboxState } from './state.js';

export interface BaseUrls {
  /** Replaces https://www.tiktok.com (authorize page at /v2/auth/authorize/). */
  tiktokAuthUrl: string;
  /** Replaces https://open.tiktokapis.com. */
  tiktokApiBaseUrl: string;
  /** Replaces https://open-upload.tiktokapis.com (handed out inside upload_url). */
  tiktokUploadBaseUrl: string;
  /** Replaces https://api.instagram.com (authorize page at /oauth/authorize, code exchange at /oauth/access_token). */
  instagramAuthUrl: string;
  /** Replaces https://graph.instagram.com. */
  instagramGraphBaseUrl: string;
  /** Replaces https://graph.facebook.com. */
  facebookGraphBaseUrl: string;
  /** The sandbox inspection/admin API. */
  inspectionUrl: string;
}

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
  /** Path inside the host, e.g. '/v2/post/publish/video/init/' (Graph: version stripped). */
  readonly path: string;
  readonly url: URL;
  readonly query: URLSearchParams;
  params: Record<string, string>;
  /** Absolute origin for URLs handed out to clients. */
  readonly origin: string;
  readonly graphVersion: string | undefined;
  /** Set by the stuck_processing fault: whatever this request creates never finishes processing. */
  readonly flags: { stuck: boolean };
  readonly log: RequestLogEntry;
  /** Reads the body once (cached), with a size limit. */
  body(limit?: number): Promise<Buffer>;
}
