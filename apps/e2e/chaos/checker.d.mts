export interface ChaosTarget {
  publicationId: string;
  caption: string;
  platform: string;
  remoteAccountId: string;
  /** sha256 of the target's video: what the platform's record of the bytes is matched on. */
  sha256: string;
  status: string;
  jobStatus: string | null;
  needsReview: boolean;
  remoteMediaId: string | null;
  errorCode: string | null;
  errorClass: string | null;
  scheduledAt: number;
  firstClaimAt: number | null;
}
export interface SandboxPost {
  platform: string;
  accountId: string;
  postId: string;
  sourceId: string;
  sha256: string;
}
export interface ChaosFaults {
  fired: Record<string, number>;
  required: string[];
}
export interface ChaosInput {
  targets: ChaosTarget[];
  /** The public posts (what each platform published). */
  sandboxPosts: SandboxPost[];
  /** Everything each platform received, published or not (GET /__sandbox/received); defaults to sandboxPosts. */
  received?: SandboxPost[];
  faults?: ChaosFaults;
  maxFailedShare?: number;
}
export interface ChaosVerdict {
  ok: boolean;
  targets: number;
  posted: number;
  duplicates: number;
  lost: number;
  disagreements: number;
  strays: number;
  failed: number;
  failedReasons: Record<string, number>;
  needsReview: { publicationId: string; code: string | null; postsAtPlatform: number }[];
  faultsFired: Record<string, number>;
  missingFaults: string[];
  latenessP50Ms: number;
  latenessP99Ms: number;
  problems: Record<string, unknown[]>;
}
export const EXPECTED_FAILURE_CLASSES: string[];
export const DEFAULT_MAX_FAILED_SHARE: number;
export function requiredFaults(driver: string): string[];
export function checkChaos(input: ChaosInput): ChaosVerdict;
export function summaryLine(items: number, verdict: ChaosVerdict): string;
export interface WebhookInput {
  /** The targets whose publication is posted. */
  postedPublicationIds: string[];
  /** The outbox: every publication.posted event id with the publication it is about. */
  events: { id: string; publicationId: string }[];
  /** What the receiver got: one entry per POST (webhook-id header). */
  deliveries: { eventId: string }[];
}
export interface WebhookVerdict {
  ok: boolean;
  posted: number;
  events: number;
  delivered: number;
  redelivered: number;
  problems: Record<string, unknown[]>;
}
export function checkWebhooks(input: WebhookInput): WebhookVerdict;
export function webhookSummaryLine(verdict: WebhookVerdict): string;
