import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../api/client';
import { unwrap } from '../api/errors';

/** A platform we publish to, as the registry describes it: composer options, caption and media rules. */
export type PlatformInfo = components['schemas']['PlatformDto'];
export type OptionField = components['schemas']['ComposerOptionFieldDto'];
export type OptionRule = components['schemas']['ComposerOptionRuleDto'];
export type CaptionRules = components['schemas']['CaptionRulesDto'];
/** An option a post made without a person must carry, with the keys of its picker. */
export type UnattendedOptionField = OptionField & { unattended: NonNullable<OptionField['unattended']> };

/** The platform registry: the same for every workspace, and it only changes with a release. */
export function platformsQueryOptions() {
  return queryOptions({
    queryKey: ['platforms'] as const,
    queryFn: async ({ signal }): Promise<PlatformInfo[]> => unwrap(await apiClient.GET('/api/platforms', { signal })).items,
    staleTime: Infinity,
  });
}

export function usePlatforms() {
  return useQuery(platformsQueryOptions());
}

/** The options a re-post (an automation's post, nobody to ask) to this platform must carry, as its registry entry marks them. */
export function unattendedOptions(platforms: readonly PlatformInfo[] | undefined, platform: string | undefined): UnattendedOptionField[] {
  const fields = platforms?.find((p) => p.id === platform)?.composer.fields ?? [];
  return fields.filter((field): field is UnattendedOptionField => field.unattended !== undefined);
}
