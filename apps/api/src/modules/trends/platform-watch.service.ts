import { Inject, Injectable } from '@nestjs/common';

import { PLATFORM_DESCRIPTORS, platformSettings } from '@mwr/publishers';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import type { PlatformWatchItemDto } from './dto/trend-radar.dto.js';
import { TrendSourcesRepository } from './trend-sources.repository.js';
import { TrendSourcesService } from './trend-sources.service.js';

/**
 * End of life of the versioned APIs we call, by version string (docs/platform-apis.md §3.2, the
 * Graph API changelog): v24.0 until 2028-02-18, v25.0 until 2028-07-29; v26.0 (2026-07-29) has no
 * date yet — versions live about two years, so it is shown as an estimate. Re-check on each release.
 */
export const API_VERSION_END_OF_LIFE: Readonly<Record<string, { date: string; estimated: boolean }>> = {
  'v24.0': { date: '2028-02-18', estimated: false },
  'v25.0': { date: '2028-07-29', estimated: false },
  'v26.0': { date: '2028-07-29', estimated: true },
};
/** The warning comes this many days before a version ends. */
export const VERSION_WARNING_DAYS = 90;

const DAY_MS = 86_400_000;

const item = (partial: Partial<PlatformWatchItemDto> & Pick<PlatformWatchItemDto, 'kind' | 'platform' | 'severity' | 'message'>): PlatformWatchItemDto => ({
  version: null,
  endOfLife: null,
  accountId: null,
  sourceKey: null,
  missing: [],
  metric: null,
  seenAt: null,
  ...partial,
});

/** Days from `now` to the UTC day `date` (negative: past). */
export function daysUntil(date: string, now = new Date()): number {
  return Math.floor((Date.parse(`${date}T00:00:00Z`) - now.getTime()) / DAY_MS);
}

/**
 * The radar's second tab (issue 33 point 5): the platforms change too. The API version each
 * platform is called with (its `*ApiVersion` setting) and its end of life, warned 90 days ahead;
 * what a connected account lacks for a trend source (login flavour, scopes); metrics a platform
 * refused as retired, as the analytics ingestion saw them.
 */
@Injectable()
export class PlatformWatchService {
  constructor(
    private readonly sources: TrendSourcesService,
    private readonly repository: TrendSourcesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  versionItems(now = new Date()): PlatformWatchItemDto[] {
    const items: PlatformWatchItemDto[] = [];
    for (const descriptor of PLATFORM_DESCRIPTORS) {
      const settings = platformSettings(this.config.platforms, descriptor) as Record<string, unknown>;
      for (const [name, value] of Object.entries(settings)) {
        if (!/ApiVersion$/.test(name) || typeof value !== 'string') continue;
        const eol = API_VERSION_END_OF_LIFE[value];
        if (!eol) {
          items.push(
            item({
              kind: 'api_version',
              platform: descriptor.id,
              severity: 'warning',
              version: value,
              message: `${descriptor.displayName}: API ${value} in use; its end of life is not known here — check the platform's changelog`,
            }),
          );
          continue;
        }
        const days = daysUntil(eol.date, now);
        const when = `${eol.estimated ? 'about ' : ''}${eol.date}`;
        const severity = days < 0 ? 'critical' : days <= VERSION_WARNING_DAYS ? 'warning' : 'info';
        const message =
          days < 0
            ? `${descriptor.displayName}: API ${value} ended on ${eol.date}; move ${name} to a live version now`
            : days <= VERSION_WARNING_DAYS
              ? `${descriptor.displayName}: API ${value} ends in ${days} days (${when}); move ${name} to a newer version`
              : `${descriptor.displayName}: API ${value} in use, supported until ${when}`;
        items.push(item({ kind: 'api_version', platform: descriptor.id, severity, version: value, endOfLife: eol.date, message }));
      }
    }
    return items;
  }

  async list(workspaceId: string, now = new Date()): Promise<PlatformWatchItemDto[]> {
    const registered = this.sources.registered();
    const [accounts, retired] = await Promise.all([
      this.repository.accounts(
        workspaceId,
        registered.map((r) => r.descriptor.id),
      ),
      this.repository.retiredMetrics(),
    ]);
    const access: PlatformWatchItemDto[] = [];
    for (const r of registered.filter((x) => x.source.access.auth === 'user_token')) {
      for (const a of accounts.filter((x) => x.platform === r.descriptor.id)) {
        const missing = [
          ...(r.source.access.loginFlavour && a.loginFlavour !== r.source.access.loginFlavour ? [`login through ${r.source.access.loginFlavour}`] : []),
          ...(r.source.access.scopes ?? []).filter((s) => !a.scopes.includes(s)),
        ];
        if (missing.length === 0) continue;
        access.push(
          item({
            kind: 'missing_access',
            platform: r.descriptor.id,
            severity: 'info',
            accountId: a.id,
            sourceKey: r.source.key,
            missing,
            message: `${r.source.label} cannot use this ${r.descriptor.displayName} account: it lacks ${missing.join(', ')}${r.source.access.appReview ? ` (app review: ${r.source.access.appReview})` : ''}`,
          }),
        );
      }
    }
    const metrics = retired.map((m) =>
      item({
        kind: 'retired_metric',
        platform: m.platform,
        severity: 'warning',
        metric: m.metric,
        seenAt: new Date(m.lastSeenAt).toISOString(),
        message: `The platform refused the metric ${m.metric} as retired; it is no longer read`,
      }),
    );
    return [...this.versionItems(now), ...access, ...metrics];
  }
}
