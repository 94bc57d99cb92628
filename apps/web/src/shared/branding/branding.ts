import { queryOptions, useQuery } from '@tanstack/react-query';

import { contrastRatio, DEFAULT_PRODUCT_NAME, HEX_COLOR, MIN_PRIMARY_CONTRAST } from '@mwr/domain';

import { apiClient } from '../api/client';
import { unwrap } from '../api/errors';

// TODO(lead): switch to schema.gen after npm run openapi — the branding routes (white-label, #25)
// are not in the generated client yet; these types mirror BrandingDto and PublicBrandingDto.
export interface PublicBranding {
  productName: string;
  logoUrl: string | null;
  primaryColor: string | null;
  accentColor: string | null;
}
export interface WorkspaceBranding {
  productName: string | null;
  logoUrl: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  customHost: string | null;
  updatedAt: string | null;
}

type LooseResult = { data?: unknown; error?: unknown; response: Response };
type LooseInit = { body?: unknown; signal?: AbortSignal; bodySerializer?: (body: unknown) => unknown; headers?: Record<string, string> };
/** The same client (CSRF, session expiry), without the generated path types it does not have yet. */
export const brandingClient = apiClient as unknown as Record<'GET' | 'PUT' | 'DELETE', (path: string, init?: LooseInit) => Promise<LooseResult>>;

export const brandingKey = (workspaceId: string) => ['workspace', workspaceId, 'branding'] as const;

/** The current workspace's branding (every member reads it: the header, title and theme come from it). */
export function workspaceBrandingQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: brandingKey(workspaceId),
    queryFn: async ({ signal }): Promise<WorkspaceBranding> =>
      unwrap(await brandingClient.GET('/api/workspaces/current/branding', { signal })) as WorkspaceBranding,
    staleTime: 5 * 60_000,
  });
}

export function useWorkspaceBranding(workspaceId: string | null) {
  return useQuery({ ...workspaceBrandingQueryOptions(workspaceId ?? ''), enabled: workspaceId !== null });
}

/** The branding of the host this page was loaded from (its workspace's custom host, else the default). */
export function publicBrandingQueryOptions() {
  return queryOptions({
    queryKey: ['public-branding'] as const,
    queryFn: async ({ signal }): Promise<PublicBranding> => unwrap(await brandingClient.GET('/api/branding', { signal })) as PublicBranding,
    staleTime: Infinity,
    retry: false,
  });
}

export function usePublicBranding() {
  return useQuery(publicBrandingQueryOptions());
}

export const productNameOf = (branding: { productName: string | null } | undefined): string => branding?.productName || DEFAULT_PRODUCT_NAME;

/** `hex` mixed with white: `amount` 0 (white) to 1 (the colour itself). */
function tint(hex: string, amount: number): string {
  const mix = (offset: number) => Math.round(255 - (255 - parseInt(hex.slice(offset, offset + 2), 16)) * amount);
  return `#${[1, 3, 5].map((offset) => mix(offset).toString(16).padStart(2, '0')).join('')}`;
}

/** `hex` mixed with black (hover shades). */
function shade(hex: string, amount: number): string {
  const mix = (offset: number) => Math.round(parseInt(hex.slice(offset, offset + 2), 16) * (1 - amount));
  return `#${[1, 3, 5].map((offset) => mix(offset).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The light theme's tokens a brand overrides (apps/web styles.css): the primary drives buttons and
 * links (`--color-accent`), the accent the focus ring. The soft background is the lightest tint on
 * which primary text still reads at 4.5:1 (the server only checks the primary against white).
 * Empty when the brand sets no colour: the default theme stays.
 */
export function brandTokens(colors: { primaryColor: string | null; accentColor: string | null }): Record<string, string> {
  const tokens: Record<string, string> = {};
  const { primaryColor: primary, accentColor: accent } = colors;
  if (primary && HEX_COLOR.test(primary)) {
    let soft = '#ffffff';
    for (const amount of [0.1, 0.08, 0.06, 0.04, 0.02]) {
      if (contrastRatio(primary, tint(primary, amount)) >= MIN_PRIMARY_CONTRAST) {
        soft = tint(primary, amount);
        break;
      }
    }
    Object.assign(tokens, {
      '--color-accent': primary,
      '--color-accent-hover': shade(primary, 0.15),
      '--color-accent-soft': soft,
      '--color-accent-contrast': '#ffffff',
      '--color-focus': primary,
    });
  }
  if (accent && HEX_COLOR.test(accent)) Object.assign(tokens, { '--color-focus': accent, '--status-scheduled-stripe': accent });
  return tokens;
}

/** The tokens as a CSS rule for the light theme only: the dark theme keeps its own tuned colours. */
export function brandThemeCss(colors: { primaryColor: string | null; accentColor: string | null }): string {
  const entries = Object.entries(brandTokens(colors));
  if (!entries.length) return '';
  return `:root:not([data-theme='dark']){${entries.map(([name, value]) => `${name}:${value}`).join(';')}}`;
}
