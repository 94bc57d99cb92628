import { ApiError } from '../../../shared/api/errors';
import type { Platform, SocialAccount } from '../../../shared/content/accounts';
import type { QualityFinding } from '../api/assets';
import type { PlatformInfo } from '../api/platforms';

/** The save error's field messages, split by where the composer shows them. */
export interface SplitErrors {
  /** Per target index: its option messages (caption/hashtags ones go to the caption editor). */
  target: (index: number) => string[];
  /** Per platform: the messages on its caption override. */
  platformCaption: Partial<Record<Platform, string[]>>;
  /** Messages no section shows. */
  other: [string, string[] | undefined][];
}

const TARGET_CAPTION_FIELD = /^targets\[(\d+)\]\.options\.(caption|hashtags)$/;

export function splitFieldErrors(fieldErrors: Record<string, string[] | undefined>, targets: readonly SocialAccount[]): SplitErrors {
  const platformCaption: Partial<Record<Platform, string[]>> = {};
  for (const [field, messages] of Object.entries(fieldErrors)) {
    const index = TARGET_CAPTION_FIELD.exec(field)?.[1];
    const platform = index === undefined ? undefined : targets[Number(index)]?.platform;
    if (platform) platformCaption[platform] = [...(platformCaption[platform] ?? []), ...(messages ?? [])];
  }
  return {
    target: (index) =>
      Object.entries(fieldErrors)
        .filter(([field]) => field.startsWith(`targets[${index}]`) && !TARGET_CAPTION_FIELD.test(field))
        .flatMap(([, messages]) => messages ?? []),
    platformCaption,
    other: Object.entries(fieldErrors).filter(([field]) => !['caption', 'scheduledAt', 'assetId'].includes(field) && !field.startsWith('targets[')),
  };
}

/** The quality gate's findings when the API refused the save for them. */
export function gateFindingsOf(error: unknown): QualityFinding[] | null {
  return error instanceof ApiError && error.code === 'QUALITY_GATE_FAILED' && Array.isArray(error.details) ? (error.details as QualityFinding[]) : null;
}

/** The registry's platforms among the chosen accounts, in the registry's order. */
export function chosenPlatforms(registry: readonly PlatformInfo[], targets: readonly SocialAccount[]): PlatformInfo[] {
  return registry.filter((platform) => targets.some((account) => account.platform === platform.id));
}
