export interface ChaosTarget {
  publicationId: string;
  caption: string;
  platform: string;
  remoteAccountId: string;
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
  caption: string;
}
export interface ChaosVerdict {
  ok: boolean;
  targets: number;
  posted: number;
  duplicates: number;
  lost: number;
  disagreements: number;
  failed: number;
  failedReasons: Record<string, number>;
  needsReview: { publicationId: string; code: string | null; existsAtPlatform: boolean }[];
  latenessP50Ms: number;
  latenessP99Ms: number;
  problems: Record<string, unknown[]>;
}
export function checkChaos(input: { targets: ChaosTarget[]; sandboxPosts: SandboxPost[] }): ChaosVerdict;
export function summaryLine(items: number, verdict: ChaosVerdict): string;
