import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { unwrap } from '../../../shared/api/errors';
import {
  brandingClient,
  brandingKey,
  publicBrandingQueryOptions,
  workspaceBrandingQueryOptions,
  type WorkspaceBranding,
} from '../../../shared/branding/branding';

// TODO(lead): switch to schema.gen after npm run openapi — PUT /api/workspaces/current/branding and
// its logo routes (white-label, #25) are not in the generated client yet; UpdateBrandingDto mirrored here.
export interface UpdateBrandingInput {
  productName: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  customHost: string | null;
}

export function brandingSettingsQueryOptions(workspaceId: string) {
  return queryOptions(workspaceBrandingQueryOptions(workspaceId));
}

export function useBrandingSettings(workspaceId: string) {
  return useQuery(brandingSettingsQueryOptions(workspaceId));
}

/** After a change: the app's own theme and the host's public branding follow. */
function useRefreshBranding(workspaceId: string) {
  const queryClient = useQueryClient();
  return (branding: WorkspaceBranding) => {
    queryClient.setQueryData(brandingKey(workspaceId), branding);
    return queryClient.invalidateQueries({ queryKey: publicBrandingQueryOptions().queryKey });
  };
}

export function useUpdateBranding(workspaceId: string) {
  const refresh = useRefreshBranding(workspaceId);
  return useMutation({
    meta: { toast: false },
    mutationFn: async (body: UpdateBrandingInput) => unwrap(await brandingClient.PUT('/api/workspaces/current/branding', { body })) as WorkspaceBranding,
    onSuccess: refresh,
  });
}

/** The logo goes as the raw body, with its own type (PNG, JPEG or WebP). */
export function useUploadLogo(workspaceId: string) {
  const refresh = useRefreshBranding(workspaceId);
  return useMutation({
    meta: { toast: false },
    mutationFn: async (file: File) =>
      unwrap(
        await brandingClient.PUT('/api/workspaces/current/branding/logo', {
          body: file,
          bodySerializer: (body) => body,
          headers: { 'Content-Type': file.type || 'application/octet-stream' },
        }),
      ) as WorkspaceBranding,
    onSuccess: refresh,
  });
}

export function useRemoveLogo(workspaceId: string) {
  const refresh = useRefreshBranding(workspaceId);
  return useMutation({
    meta: { toast: false },
    mutationFn: async () => unwrap(await brandingClient.DELETE('/api/workspaces/current/branding/logo')) as WorkspaceBranding,
    onSuccess: refresh,
  });
}
