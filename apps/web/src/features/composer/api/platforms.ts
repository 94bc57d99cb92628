import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';

/** A platform we publish to, as the registry describes it: composer options, caption and media rules. */
export type PlatformInfo = components['schemas']['PlatformDto'];
export type OptionField = components['schemas']['ComposerOptionFieldDto'];
export type OptionRule = components['schemas']['ComposerOptionRuleDto'];
export type CaptionRules = components['schemas']['CaptionRulesDto'];

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
