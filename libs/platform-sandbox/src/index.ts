export { createSandbox, UNDOCUMENTED_ENDPOINTS, type Sandbox, type RunningSandbox, type ListenOptions } from './sandbox.js';
export { HOSTS, sandboxEnv, type BaseUrls } from './mounts.js';
export {
  defaultSeedData,
  DEFAULT_INSTAGRAM,
  DEFAULT_TIKTOK,
  DEFAULT_YOUTUBE,
  type SandboxOptions,
  type ResolvedOptions,
  type TikTokOptions,
  type InstagramOptions,
  type YouTubeOptions,
  type YouTubeClientSeed,
  type YouTubeChannelSeed,
  type SandboxSeedData,
  type TikTokClientSeed,
  type TikTokCreatorSeed,
  type InstagramAppSeed,
  type InstagramAccountSeed,
  type WebhookTarget,
} from './core/options.js';
export type { PublicPost, RequestLogEntry, WebhookDelivery } from './core/state.js';
export { FAULT_KINDS, type FaultKind, type FaultRule, type FaultRuleInput, type FaultMatcher } from './faults/faults.js';
export { tiktokOk, tiktokError, tiktokLogId, type TikTokEnvelope } from './tiktok/envelope.js';
export { graphError } from './instagram/graph-errors.js';
export { sendJson } from './http/reply.js';
export { buildMp4, buildWebm, type Mp4Options } from './media/fixtures.js';
export { probeMedia, type ProbeResult, type MediaProbe } from './media/probe.js';
export { hubSignature, metaJson } from './instagram/webhooks.js';
export { tiktokSignature } from './tiktok/webhooks.js';
export { CHUNK_GRANULE as YOUTUBE_CHUNK_GRANULE, YOUTUBE_SCOPES, nextPacificMidnight, pacificDay } from './youtube/index.js';
export { X_SCOPES, DEFAULT_X, type XOptions, type XOptionsPatch, type MintXInput, type XAppSeed, type XUserSeed } from './x/index.js';
