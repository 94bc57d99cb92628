import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';

export type Experiment = components['schemas']['ExperimentDto'];
export type ExperimentVariant = components['schemas']['ExperimentVariantDto'];
export type ExperimentVerdict = components['schemas']['ExperimentVerdictDto'];
export type CreateExperimentInput = components['schemas']['CreateExperimentDto'];

const experimentsKey = (workspaceId: string) => ['workspaces', workspaceId, 'experiments'] as const;

/** Experiments newest first; with an item, those built from it or posting one of its variants. */
export function experimentsQueryOptions(workspaceId: string, itemId?: string) {
  return queryOptions({
    queryKey: [...experimentsKey(workspaceId), itemId ?? 'all'] as const,
    queryFn: async ({ signal }): Promise<Experiment[]> =>
      (await unwrap(await apiClient.GET('/api/experiments', { params: { query: itemId ? { itemId } : {} }, signal }))).items,
    // The verdict comes from the scheduler's pass: a running experiment is looked at again now and then.
    refetchInterval: (query) => (query.state.data?.some((e) => e.status === 'running' || e.status === 'waiting_for_age') ? 30_000 : false),
  });
}

export function useExperiments(workspaceId: string, itemId?: string) {
  return useQuery(experimentsQueryOptions(workspaceId, itemId));
}

export function useCreateExperiment(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The builder shows the refusal in its form.
    meta: { toast: false },
    mutationFn: async (input: CreateExperimentInput): Promise<Experiment> => unwrap(await apiClient.POST('/api/experiments', { body: input })),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: experimentsKey(workspaceId) }),
        // Each variant is a post of its own in the calendar and the queue.
        queryClient.invalidateQueries({ queryKey: ['workspaces', workspaceId, 'content'] }),
      ]),
  });
}

export function useCancelExperiment(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<Experiment> => unwrap(await apiClient.POST('/api/experiments/{id}/cancel', { params: { path: { id } } })),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: experimentsKey(workspaceId) }),
        queryClient.invalidateQueries({ queryKey: ['workspaces', workspaceId, 'content'] }),
      ]),
  });
}
