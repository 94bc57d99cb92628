import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import type { AutomationKey } from '../../../shared/war-room/war-room-state';
import { automationKey } from './automations';

export type TemplatePreview = components['schemas']['TemplatePreviewDto'];
export type TemplateProblem = components['schemas']['TemplateProblemDto'];

/**
 * A message template rendered by the API with the engine's own renderer and sample values
 * (read-only, so a query: the same template is asked once).
 */
export function templatePreviewQueryOptions(workspaceId: string, key: AutomationKey, field: string, template: string) {
  return queryOptions({
    queryKey: [...automationKey(workspaceId, key), 'preview', field, template] as const,
    queryFn: async ({ signal }): Promise<TemplatePreview> =>
      unwrap(
        await apiClient.POST('/api/marketing-war-room/automations/{key}/preview', {
          params: { path: { key } },
          body: { template, field },
          signal,
        }),
      ),
    staleTime: 60_000,
  });
}

/** The preview of `template` (pass it debounced); the last one stays on screen while the next loads. */
export function useTemplatePreview(workspaceId: string, key: AutomationKey, field: string, template: string) {
  return useQuery({ ...templatePreviewQueryOptions(workspaceId, key, field, template), placeholderData: keepPreviousData });
}
