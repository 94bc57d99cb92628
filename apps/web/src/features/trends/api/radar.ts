import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient } from '../../../shared/api/client';
import { unwrap, unwrapEmpty } from '../../../shared/api/errors';
import { i18n } from '../../../shared/i18n/i18n';
import { call, looseClient } from './loose-client';
import { trendsKey, useInvalidateTrends } from './trends';

// TODO(lead): switch to schema.gen after npm run openapi — the radar's routes and fields are new (#33),
// typed here by hand from the API's DTOs (apps/api/src/modules/trends/dto).

export type RadarStatus = 'spotted' | 'planned' | 'used' | 'retired';
export const RADAR_STATUSES: readonly RadarStatus[] = ['spotted', 'planned', 'used', 'retired'];

/** What one source said about the trend (the card's "who said what"). */
export interface SourceSaid {
  /** The source key (youtube.charts, x.counts, internal_analytics…). */
  source: string;
  platform: string | null;
  region: string | null;
  /** The figure, by the source's own name (tweet_count, view_count, rank…). */
  metric: string;
  value: number;
  observedAt: string;
}

export interface TrendStrength {
  /** 0–100; null: fewer than two readings. */
  score: number | null;
  /** Relative growth over 24 h (0.5 = +50 %). */
  growth24h: number | null;
  growth7d: number | null;
  /** The latest reading the growth is measured on. */
  latest: number | null;
  metric: string | null;
  /** The platform the figures are from: YouTube figures are never summed with another platform's. */
  platform: string | null;
  /** The source whose series the growth is measured on. */
  source: string | null;
  /** That series' last reading of each UTC day, oldest first (8 days at most). */
  readings: { day: string; value: number }[];
}

export interface TrendRelevance {
  score: number | null;
  topics: string[];
  /** Seen in a region the workspace targets (null: no region on either side). */
  regionMatch: boolean | null;
  /** In a language the workspace targets: a source's declared language, else the label's script (null: unknown). */
  languageMatch: boolean | null;
  /** How that was told: a source declared the language, or only the label's writing system was compared. */
  languageBasis: 'source' | 'script' | null;
  /** The languages its sources declared. */
  languages: string[];
}

export interface TrendProofPost {
  publicationId: string;
  accountId: string;
  platform: string;
  age: string;
  views: number;
  baseline: number;
  ratio: number;
}

export interface TrendProof {
  /** 0–100: share of our posts with it that beat their account's median at the same age. */
  score: number | null;
  posts: number;
  beatBaseline: number;
  medianRatio: number | null;
  /** 95 % Wilson interval of the share that beat the baseline, [low, high]. */
  interval: number[] | null;
  items: TrendProofPost[];
}

export interface TrendOwnResult {
  accountId: string;
  platform: string;
  posts: number;
  beat: number;
  age: string;
  interval: number[];
}

export interface TrendEvidence {
  strength: TrendStrength;
  relevance: TrendRelevance;
  proof: TrendProof;
  said: SourceSaid[];
  ownResults: TrendOwnResult[];
}

/** An entry of the radar (GET /api/trends), with its scores and the numbers they came from. */
export interface RadarTrend {
  id: string;
  platform: string | null;
  kind: string;
  label: string;
  /** manual, internal_analytics, team_note, tiktok_creative_center, or an official source's key. */
  source: string;
  status: RadarStatus;
  ownerId: string | null;
  region: string | null;
  sourceDate: string | null;
  votes: number;
  /** The signed-in person voted for it. */
  voted: boolean;
  linkedItems: number;
  strength: number | null;
  relevance: number | null;
  proof: number | null;
  evidence: TrendEvidence;
  scoredAt: string | null;
  tags: string[];
  score: number | null;
  notes: string | null;
  url: string | null;
  createdBy: string | null;
  /** The latest draft made with "Use this trend", while it exists. */
  contentItemId: string | null;
  observedAt: string;
  expiresAt: string | null;
  expired: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RadarBudget {
  kind: 'units_per_day' | 'unique_per_rolling_days' | 'money_per_call' | 'none';
  /** units, hashtags or US cents. */
  unit: string;
  limit: number | null;
  used: number;
  left: number | null;
  resetsAt: string | null;
  /** In words: what is spent, on what, until when. */
  summary: string;
}

export interface SourceRunState {
  scope: string;
  lastFetchAt: string | null;
  lastOkAt: string | null;
  nextFetchAt: string | null;
  lastError: string | null;
}

export interface RadarSource {
  key: string;
  platform: string | null;
  label: string;
  mode: 'fetched' | 'own_results' | 'people';
  officialEndpoints: string[];
  access: string;
  enabled: boolean;
  disabledReason: string | null;
  refreshEveryMinutes: number | null;
  budget: RadarBudget;
  runs: SourceRunState[];
  counted: { accountId: string; tag: string; countedAt: string; freeAt: string }[];
  spend: { what: string; cents: number; spentAt: string }[];
  terms: string;
}

export type WatchKind = 'hashtag' | 'topic';

export interface WatchTerm {
  id: string;
  term: string;
  kind: WatchKind;
  createdAt: string;
}

export interface ImportRowError {
  /** The CSV line (1 = the header). */
  row: number;
  column: string | null;
  message: string;
}

export interface ImportResult {
  items: RadarTrend[];
  errors: ImportRowError[];
}

export interface PlatformChange {
  kind: 'api_version' | 'missing_access' | 'retired_metric';
  platform: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  version: string | null;
  endOfLife: string | null;
  accountId: string | null;
  sourceKey: string | null;
  missing: string[];
  metric: string | null;
  seenAt: string | null;
}

export interface SourceResult {
  source: string;
  platform: string;
  posts: number;
  beatBaseline: number;
  medianRatio: number | null;
  interval: number[] | null;
}

function radarKey(workspaceId: string) {
  return [...trendsKey(workspaceId), 'radar'] as const;
}

export interface RadarSettings {
  regions: string[];
  languages: string[];
  topics: string[];
  xMonthlyCapCents: number;
  youtubeDailyUnits: number;
  updatedAt: string | null;
}

export function radarSettingsQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...radarKey(workspaceId), 'settings'] as const,
    queryFn: async ({ signal }) => call<RadarSettings>('GET', '/api/trends/settings', { signal }),
  });
}

/** What the workspace targets (regions, languages, topics) and may spend. */
export function useRadarSettings(workspaceId: string) {
  return useQuery(radarSettingsQueryOptions(workspaceId));
}

export type RadarSettingsInput = Partial<Omit<RadarSettings, 'updatedAt'>>;

/** Admins: what the workspace targets and may spend (the sources' state follows: a cap of 0 turns X off). */
export function useUpdateRadarSettings(workspaceId: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async (body: RadarSettingsInput) => call<RadarSettings>('PUT', '/api/trends/settings', { body }),
    onSuccess: (settings) => {
      queryClient.setQueryData(radarSettingsQueryOptions(workspaceId).queryKey, settings);
      return invalidate();
    },
    meta: { toast: false },
  });
}

export function radarSourcesQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...radarKey(workspaceId), 'sources'] as const,
    queryFn: async ({ signal }) => (await call<{ items: RadarSource[] }>('GET', '/api/trends/sources', { signal })).items,
  });
}

export function useRadarSources(workspaceId: string) {
  return useQuery(radarSourcesQueryOptions(workspaceId));
}

export function watchListQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...radarKey(workspaceId), 'watch-list'] as const,
    queryFn: async ({ signal }) => (await call<{ items: WatchTerm[] }>('GET', '/api/trends/watch-list', { signal })).items,
  });
}

export function useWatchList(workspaceId: string) {
  return useQuery(watchListQueryOptions(workspaceId));
}

export function platformChangesQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...radarKey(workspaceId), 'platform-changes'] as const,
    queryFn: async ({ signal }) => (await call<{ items: PlatformChange[] }>('GET', '/api/trends/platform-watch', { signal })).items,
  });
}

export function usePlatformChanges(workspaceId: string, enabled: boolean) {
  return useQuery({ ...platformChangesQueryOptions(workspaceId), enabled });
}

export function sourceResultsQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...radarKey(workspaceId), 'results'] as const,
    queryFn: async ({ signal }) => (await call<{ items: SourceResult[] }>('GET', '/api/trends/performance', { signal })).items,
  });
}

export function useSourceResults(workspaceId: string, enabled: boolean) {
  return useQuery({ ...sourceResultsQueryOptions(workspaceId), enabled });
}

export interface RadarMember {
  userId: string;
  name: string;
}

/** The workspace's people, for the owner select (the same list the settings page reads). */
export function useRadarMembers(workspaceId: string) {
  return useQuery({
    queryKey: ['workspaces', workspaceId, 'members'] as const,
    queryFn: async ({ signal }): Promise<RadarMember[]> => unwrap(await apiClient.GET('/api/members', { signal })),
  });
}

export function useAddWatchTerm(workspaceId: string) {
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async (body: { term: string; kind: WatchKind }) => call<WatchTerm>('POST', '/api/trends/watch-list', { body }),
    onSuccess: invalidate,
    meta: { toast: false },
  });
}

export function useRemoveWatchTerm(workspaceId: string) {
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async (id: string) => unwrapEmpty(await looseClient.DELETE('/api/trends/watch-list/{id}', { params: { path: { id } } })),
    onSuccess: invalidate,
    meta: { errorTitle: i18n.t('trendRadar.watchList.removeFailed') },
  });
}

/** The Creative Center file as text: the API keeps the good rows and answers the bad ones by line. */
export function useImportCsv(workspaceId: string) {
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async (csv: string) => call<ImportResult>('POST', '/api/trends/import', { body: { csv } }),
    onSuccess: invalidate,
    meta: { toast: false },
  });
}

/**
 * "Run now" (editors): a fetched source reads its platform at once (the API checks its budget
 * first), then the radar is recomputed so the cards show what it said; "our own results" is the
 * recompute itself.
 */
export function useRunSource(workspaceId: string) {
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async (source: Pick<RadarSource, 'key' | 'mode'>) => {
      if (source.mode === 'fetched') await call<{ items: RadarSource[] }>('POST', `/api/trends/sources/${encodeURIComponent(source.key)}/run`);
      await call<unknown>('POST', '/api/trends/recompute');
    },
    onSettled: invalidate,
    meta: { errorTitle: i18n.t('trendRadar.sourcesPanel.runFailed') },
  });
}
