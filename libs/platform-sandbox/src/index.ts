export { createSandbox, UNDOCUMENTED_ENDPOINTS, type Sandbox, type RunningSandbox, type ListenOptions } from './sandbox.js';
export { defaultSeedData, HOSTS, sandboxEnv, type BaseUrls } from './mounts.js';
export {
  type OptionsPatch,
  type PlatformOptions,
  type PlatformOptionsInput,
  type SandboxOptions,
  type ResolvedOptions,
  type SandboxSeedData,
  type WebhookTarget,
} from './core/options.js';
export type { PublicPost, RequestLogEntry, WebhookDelivery } from './core/state.js';
export { FAULT_KINDS, type FaultKind, type FaultRule, type FaultRuleInput, type FaultMatcher } from './faults/faults.js';
export { sendJson } from './http/reply.js';
export { buildMp4, buildWebm, type Mp4Options } from './media/fixtures.js';
export { probeMedia, type ProbeResult, type MediaProbe } from './media/probe.js';
// Each simulator's own exports (its mount, tunables, demo data and helpers for tests): one line per platform folder.
export * from './tiktok/index.js';
export * from './instagram/index.js';
export * from './youtube/index.js';
export * from './x/index.js';
