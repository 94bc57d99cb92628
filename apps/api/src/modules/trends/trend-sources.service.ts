import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  platformSettings,
  TrendSourceError,
  trendSources,
  type AnyPlatformDescriptor,
  type TrendFetchRequest,
  type TrendFetchResult,
  type TrendObservation,
  type TrendSourceDescriptor,
} from '@mwr/publishers';

import { AccountsService } from '../accounts/accounts.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import type { TrendSourceStateDto } from './dto/trend-radar.dto.js';
import { TrendListCache } from './trend-list.cache.js';
import { TrendSettingsRepository, type TrendSettingsRow } from './trend-settings.repository.js';
import { TrendSourcesRepository, type ObservationRow, type SourceAccountRow, type SourceRunRow } from './trend-sources.repository.js';
import { TrendSourceNotFound } from './trends.errors.js';

/** Runs claimed per pass, and how long a claim stays ours. */
const CLAIM_RUNS = 20;
const CLAIM_LEASE_MS = 5 * 60_000;
/** A failed run is tried again after this (a rate limit says its own time). */
const RETRY_AFTER_ERROR_MS = 30 * 60_000;

type Registered = { descriptor: AnyPlatformDescriptor; source: TrendSourceDescriptor };

/** The sources that are not fetched: our own results and what people enter. Shown beside the fetched ones. */
const BUILT_IN: Omit<TrendSourceStateDto, 'runs' | 'counted' | 'spend'>[] = [
  {
    key: 'internal_analytics',
    platform: null,
    label: 'Our own results',
    mode: 'own_results',
    officialEndpoints: ['The analytics ingestion of our own posts (docs/platform-apis.md §10)'],
    access: 'The analytics scopes of each connected account',
    enabled: true,
    disabledReason: null,
    refreshEveryMinutes: 15,
    budget: { kind: 'none', unit: 'posts', limit: null, used: 0, left: null, resetsAt: null, summary: 'No budget: computed from results already read' },
    terms: "Our posts' own figures, per account and per platform; YouTube figures are never summed with another platform's.",
  },
  {
    key: 'tiktok_creative_center',
    platform: null,
    label: 'TikTok Creative Center (entered by people)',
    mode: 'people',
    officialEndpoints: [],
    access: 'None: a person reads Creative Center and enters what they saw (by hand or CSV) with its region and date',
    enabled: true,
    disabledReason: null,
    refreshEveryMinutes: null,
    budget: { kind: 'none', unit: 'entries', limit: null, used: 0, left: null, resetsAt: null, summary: 'No budget: nothing is fetched' },
    terms: 'TikTok offers no trends API to commercial apps (Creative Center has no API, the Research API is academic): no TikTok trend is ever fetched.',
  },
  {
    key: 'team_note',
    platform: null,
    label: 'The team',
    mode: 'people',
    officialEndpoints: [],
    access: 'Members of the workspace (notes, votes, an owner, a status and an expiry on every trend)',
    enabled: true,
    disabledReason: null,
    refreshEveryMinutes: null,
    budget: { kind: 'none', unit: 'entries', limit: null, used: 0, left: null, resetsAt: null, summary: 'No budget' },
    terms: "The team's own notes.",
  },
];

/** The IANA zone a daily budget resets in, read from the source's declaration ("00:00 America/Los_Angeles"); UTC otherwise. */
export function resetZone(daily: string): string {
  const zone = /[A-Za-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?/.exec(daily)?.[0];
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

const cents = (usd: number) => Math.round(usd * 100_000) / 1000;
const money = (c: number) => `$${(c / 100).toFixed(2)}`;
const termOf = (label: string) => label.trim().replace(/^#+/, '').toLowerCase();

/**
 * The official trend sources (issue 33, docs/platform-apis.md §11) as plug-ins from the registry:
 * their state per workspace, and the fetch tick. The ledgers are ours and are checked before any
 * call: YouTube units per day, Instagram's 30 unique hashtags per account per rolling 7 days, X's
 * money against the admin's monthly cap (0: off). A run that would exceed a budget is refused
 * without calling the platform, and what a call spent is recorded even when it fails part-way.
 */
@Injectable()
export class TrendSourcesService {
  private readonly logger = new Logger(TrendSourcesService.name);

  constructor(
    private readonly repository: TrendSourcesRepository,
    private readonly settings: TrendSettingsRepository,
    private readonly accounts: AccountsService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: TrendListCache,
  ) {}

  registered(): Registered[] {
    return trendSources();
  }

  private find(key: string): Registered {
    const found = this.registered().find((r) => r.source.key === key);
    if (!found) throw new TrendSourceNotFound();
    return found;
  }

  /** The credential an app-level source reads from the platform's settings (empty: not configured). */
  private appCredential(r: Registered): string | null {
    const name = r.source.access.credentialSetting;
    if (!name) return null;
    const value = (platformSettings(this.config.platforms, r.descriptor) as Record<string, unknown>)[name];
    return typeof value === 'string' && value.trim() ? value : null;
  }

  /** Accounts that satisfy a user-token source (login flavour and scopes). */
  private eligible(r: Registered, accounts: SourceAccountRow[]): { ok: SourceAccountRow[]; lacking: { account: SourceAccountRow; missing: string[] }[] } {
    const ok: SourceAccountRow[] = [];
    const lacking: { account: SourceAccountRow; missing: string[] }[] = [];
    for (const account of accounts.filter((a) => a.platform === r.descriptor.id)) {
      const missing = (r.source.access.scopes ?? []).filter((s) => !account.scopes.includes(s));
      if (r.source.access.loginFlavour && account.loginFlavour !== r.source.access.loginFlavour)
        missing.unshift(`login through ${r.source.access.loginFlavour}`);
      if (account.status !== 'active') missing.unshift('an active connection (reconnect the account)');
      if (missing.length) lacking.push({ account, missing });
      else ok.push(account);
    }
    return { ok, lacking };
  }

  /** What a source lacks to run for the workspace, in words; null when it can run. */
  private disabledReason(r: Registered, settings: TrendSettingsRow, hasTerms: boolean, eligible: SourceAccountRow[]): string | null {
    const { access, budget, inputs } = r.source;
    if (access.auth !== 'user_token' && !this.appCredential(r)) return `Not configured: the ${access.credentialSetting ?? 'credential'} setting is empty`;
    if (access.auth === 'user_token' && eligible.length === 0) {
      const needs = [access.loginFlavour ? `connected through ${access.loginFlavour}` : '', ...(access.scopes ?? [])].filter(Boolean).join(', ');
      return `No ${r.descriptor.displayName} account has what it needs (${needs})`;
    }
    if (budget.kind === 'money_per_call' && settings.xMonthlyCapCents <= 0)
      return 'Off: the monthly spending cap is 0 (an admin sets it in the radar settings)';
    if (budget.kind === 'units_per_day' && settings.youtubeDailyUnits <= 0) return 'Off: 0 units a day allowed';
    if (inputs.includes('regions') && settings.regions.length === 0) return 'No target region: set the regions in the radar settings';
    if (inputs.includes('terms') && !hasTerms) return 'The watch-list is empty';
    return null;
  }

  /** GET /api/trends/sources. */
  async states(workspaceId: string): Promise<TrendSourceStateDto[]> {
    const registered = this.registered();
    const [settings, watch, runs, accounts, spent] = await Promise.all([
      this.settings.get(workspaceId),
      this.settings.watchList(workspaceId),
      this.repository.runs(workspaceId),
      this.repository.accounts(
        workspaceId,
        registered.map((r) => r.descriptor.id),
      ),
      this.repository.spentThisMonth(workspaceId),
    ]);
    const fetched = await Promise.all(
      registered.map(async (r): Promise<TrendSourceStateDto> => {
        const { ok } = this.eligible(r, accounts);
        const reason = this.disabledReason(r, settings, watch.length > 0, ok);
        const base = {
          key: r.source.key,
          platform: r.source.platform,
          label: r.source.label,
          mode: 'fetched',
          officialEndpoints: [...r.source.officialEndpoints],
          access: accessWords(r.source),
          enabled: reason === null,
          disabledReason: reason,
          refreshEveryMinutes: r.source.refresh.everyMinutes,
          runs: runs
            .filter((run) => run.source === r.source.key)
            .map((run) => ({
              scope: run.scope,
              lastFetchAt: iso(run.lastRunAt),
              lastOkAt: iso(run.lastOkAt),
              nextFetchAt: reason ? null : iso(run.nextRunAt),
              lastError: run.lastError,
            })),
          terms: r.source.terms,
          counted: [] as TrendSourceStateDto['counted'],
          spend: [] as TrendSourceStateDto['spend'],
        };
        const budget = r.source.budget;
        if (budget.kind === 'units_per_day') {
          const zone = resetZone(budget.resetsAt.daily);
          const used = await this.repository.unitsUsed(workspaceId, r.source.key, zone);
          const limit = Math.min(budget.limit, settings.youtubeDailyUnits);
          return {
            ...base,
            budget: {
              kind: budget.kind,
              unit: 'units',
              limit,
              used,
              left: Math.max(0, limit - used),
              resetsAt: nextMidnight(zone),
              summary: `${used} of ${limit} units used today (${budget.perCall} a call); resets at midnight ${zone}`,
            },
          };
        }
        if (budget.kind === 'unique_per_rolling_days') {
          const counted = await this.repository.counted(workspaceId, budget.days);
          const perAccount = new Map<string, number>();
          for (const c of counted) perAccount.set(c.accountId, (perAccount.get(c.accountId) ?? 0) + 1);
          const used = Math.max(0, ...perAccount.values());
          const first = counted[0];
          return {
            ...base,
            counted: counted.map((c) => ({
              accountId: c.accountId,
              tag: c.tag,
              countedAt: iso(c.countedAt)!,
              freeAt: new Date(new Date(c.countedAt).getTime() + budget.days * 86_400_000).toISOString(),
            })),
            budget: {
              kind: budget.kind,
              unit: 'hashtags',
              limit: budget.limit,
              used,
              left: Math.max(0, budget.limit - used),
              resetsAt: first ? new Date(new Date(first.countedAt).getTime() + budget.days * 86_400_000).toISOString() : null,
              summary: counted.length
                ? `${used} of ${budget.limit} unique hashtags counted in the last ${budget.days} days on the busiest account: ${counted
                    .map((c) => `#${c.tag} until ${new Date(new Date(c.countedAt).getTime() + budget.days * 86_400_000).toISOString().slice(0, 10)}`)
                    .join(', ')}`
                : `0 of ${budget.limit} unique hashtags counted in the last ${budget.days} days`,
            },
          };
        }
        const spend = await this.repository.spendThisMonth(workspaceId, r.source.key);
        const cap = settings.xMonthlyCapCents;
        return {
          ...base,
          spend: spend.map((s) => ({ what: s.what, cents: s.cents, spentAt: iso(s.spentAt)! })),
          budget: {
            kind: budget.kind,
            unit: 'US cents',
            limit: cap,
            used: Math.round(spent * 1000) / 1000,
            left: Math.max(0, Math.round((cap - spent) * 1000) / 1000),
            resetsAt: nextMonth(),
            summary: `${money(spent)} of ${money(cap)} spent this month on paid reads (${Object.entries(budget.pricePerCallUsd)
              .map(([endpoint, usd]) => `${endpoint} ${money(usd * 100)} a call`)
              .join(', ')})`,
          },
        };
      }),
    );
    return [...BUILT_IN.map((b) => ({ ...b, runs: [], counted: [], spend: [] })), ...fetched];
  }

  /** POST /api/trends/sources/:key/run: due now, then this workspace's runs of it. */
  async runNow(workspaceId: string, key: string): Promise<TrendSourceStateDto[]> {
    const r = this.find(key);
    await this.plan([workspaceId], [r]);
    await this.repository.dueNow(workspaceId, key);
    await this.runDue({ workspaceId, source: key });
    return (await this.states(workspaceId)).filter((s) => s.key === key);
  }

  /** The tick: plan the runs of every workspace with inputs, then run what is due. */
  async runOnce(): Promise<number> {
    const workspaces = await this.repository.workspacesWithInputs();
    await this.plan(
      workspaces.map((w) => w.workspaceId),
      this.registered(),
    );
    return this.runDue();
  }

  /** One run row per (workspace, source, scope): app-level sources run per workspace, user-token sources per eligible account. */
  private async plan(workspaceIds: string[], registered: Registered[]): Promise<void> {
    const rows: { workspaceId: string; source: string; scope: string }[] = [];
    for (const workspaceId of workspaceIds) {
      const accounts = registered.some((r) => r.source.access.auth === 'user_token')
        ? await this.repository.accounts(
            workspaceId,
            registered.map((r) => r.descriptor.id),
          )
        : [];
      for (const r of registered) {
        if (r.source.access.auth === 'user_token') for (const a of this.eligible(r, accounts).ok) rows.push({ workspaceId, source: r.source.key, scope: a.id });
        else rows.push({ workspaceId, source: r.source.key, scope: '' });
      }
    }
    await this.repository.ensureRuns(rows);
  }

  private async runDue(only?: { workspaceId: string; source: string }): Promise<number> {
    let ran = 0;
    for (;;) {
      const claimed = await this.repository.claimDue(CLAIM_RUNS, CLAIM_LEASE_MS, only);
      if (claimed.length === 0) return ran;
      for (const run of claimed) {
        await this.runOne(run);
        ran++;
      }
    }
  }

  /** One claimed run: budget checked, fetch, ledgers and readings written, the run's outcome recorded. */
  async runOne(run: SourceRunRow): Promise<void> {
    const registered = this.registered().find((r) => r.source.key === run.source);
    const everyMs = (registered?.source.refresh.everyMinutes ?? 60) * 60_000;
    const finish = (ok: boolean, error: string | null, nextInMs = everyMs) =>
      this.repository.finishRun(this.dataSource, run, { ok, error, nextRunAt: new Date(Date.now() + nextInMs) });
    if (!registered) return finish(false, 'This source is no longer registered', 24 * 3_600_000);
    const { source, descriptor } = registered;
    const settings = await this.settings.get(run.workspaceId);
    const watch = await this.settings.watchList(run.workspaceId);
    const accounts = source.access.auth === 'user_token' ? await this.repository.accounts(run.workspaceId, [descriptor.id]) : [];
    const eligible = this.eligible(registered, accounts).ok;
    const reason = this.disabledReason(registered, settings, watch.length > 0, eligible);
    if (reason) return finish(false, reason);
    const account = source.access.auth === 'user_token' ? eligible.find((a) => a.id === run.scope) : undefined;
    if (source.access.auth === 'user_token' && !account) return finish(false, 'The account no longer has the access this source needs', 24 * 3_600_000);

    const request: TrendFetchRequest = { budget: {} };
    if (source.inputs.includes('regions')) request.regions = settings.regions;
    // Hashtags go out with their # (X counts them as hashtags; Instagram drops it), topics as typed.
    if (source.inputs.includes('terms')) request.terms = watch.map((w) => (w.kind === 'hashtag' ? `#${termOf(w.term)}` : w.term));
    if (account) request.account = { remoteAccountId: account.remoteAccountId, ...(account.loginFlavour ? { loginFlavour: account.loginFlavour } : {}) };

    // The budget, checked before any call.
    const budget = source.budget;
    const skippedHere: string[] = [];
    let countedBefore: string[] = [];
    let zone = 'UTC';
    if (budget.kind === 'units_per_day') {
      zone = resetZone(budget.resetsAt.daily);
      const left = Math.min(budget.limit, settings.youtubeDailyUnits) - (await this.repository.unitsUsed(run.workspaceId, source.key, zone));
      if (left < budget.perCall) return finish(false, `Budget spent: no quota units left today (resets at midnight ${zone})`, untilMidnightMs(zone));
      request.budget.units = left;
    } else if (budget.kind === 'unique_per_rolling_days') {
      const counted = (await this.repository.counted(run.workspaceId, budget.days, account!.id)).map((c) => c.tag);
      countedBefore = counted;
      const room = budget.limit - counted.length;
      // Re-querying a counted tag is free; a new one only while the window has room.
      const fresh = (request.terms ?? []).filter((t) => !counted.includes(termOf(t)));
      const allowed = new Set([...(request.terms ?? []).filter((t) => counted.includes(termOf(t))), ...fresh.slice(0, Math.max(0, room))]);
      skippedHere.push(...fresh.slice(Math.max(0, room)));
      request.terms = (request.terms ?? []).filter((t) => allowed.has(t));
      request.budget.counted = counted;
      if (request.terms.length === 0)
        return finish(
          false,
          `Budget spent: ${counted.length} of ${budget.limit} unique hashtags counted in the last ${budget.days} days (${skippedHere.join(', ')} waiting)`,
        );
    } else {
      const leftCents = settings.xMonthlyCapCents - (await this.repository.spentThisMonth(run.workspaceId));
      const cheapest = Math.min(...Object.values(budget.pricePerCallUsd).map((usd) => usd * 100));
      if (leftCents < cheapest)
        return finish(
          false,
          `Budget spent: ${money(settings.xMonthlyCapCents - Math.max(0, leftCents))} of the ${money(settings.xMonthlyCapCents)} monthly cap used`,
          untilMonthMs(),
        );
      request.budget.usd = leftCents / 100;
    }

    let result: TrendFetchResult;
    let error: TrendSourceError | Error | null = null;
    try {
      result = await source.fetch(
        {
          settings: platformSettings(this.config.platforms, descriptor),
          credential: account ? () => this.accounts.getValidAccessToken(account.id) : async () => this.appCredential(registered) ?? '',
          requestTimeoutMs: 20_000,
        },
        request,
      );
    } catch (e) {
      error = e as Error;
      result =
        e instanceof TrendSourceError && e.partial ? e.partial : { observations: [], spent: { calls: 0, units: 0, usd: 0, newlyCounted: [] }, skipped: [] };
    }

    // Whatever was spent is recorded, even on a failure part-way.
    await this.dataSource.transaction(async (tx) => {
      if (budget.kind === 'units_per_day') await this.repository.spendUnits(tx, run.workspaceId, source.key, zone, result.spent.units);
      if (budget.kind === 'unique_per_rolling_days' && account) {
        // New tags start their 7 days now; re-searched ones only note the search.
        const searched = [
          ...new Set([...result.spent.newlyCounted.map(termOf), ...(request.terms ?? []).map(termOf).filter((t) => countedBefore.includes(t))]),
        ];
        await this.repository.count(tx, run.workspaceId, account.id, budget.days, searched);
      }
      if (budget.kind === 'money_per_call' && result.spent.usd > 0) {
        const what =
          `${result.spent.calls} call${result.spent.calls === 1 ? '' : 's'}: ${[...(request.terms ?? []), ...(request.regions ?? [])].join(', ')}`.slice(
            0,
            500,
          );
        await this.repository.spend(tx, run.workspaceId, source.key, what, cents(result.spent.usd));
      }
      await this.repository.observe(tx, run.workspaceId, observationRows(source, result.observations));
    });
    this.cache.drop(run.workspaceId);

    const skipped = [...result.skipped.map((s) => `${s.input}: ${s.message}`), ...skippedHere.map((t) => `${t}: waiting for room in the hashtag budget`)];
    if (error) {
      const retryAt = error instanceof TrendSourceError && error.retryAt ? Date.parse(error.retryAt) - Date.now() : NaN;
      this.logger.warn(`trend source ${source.key} failed for workspace ${run.workspaceId}: ${error.message}`);
      return finish(false, error.message, Number.isFinite(retryAt) && retryAt > 0 ? retryAt : RETRY_AFTER_ERROR_MS);
    }
    return finish(true, skipped.length ? `Partly skipped: ${skipped.join('; ')}`.slice(0, 1000) : null);
  }
}

function observationRows(source: TrendSourceDescriptor, observations: TrendObservation[]): ObservationRow[] {
  return observations.flatMap((o) =>
    o.metrics.map((m) => ({
      source: o.sourceKey || source.key,
      platform: source.platform,
      region: o.region ?? null,
      term: termOf(o.label),
      label: o.label.slice(0, 200),
      kind: o.kind,
      metric: m.name,
      value: m.value,
      observedAt: o.observedAt,
      // A reading with an expiry is of content we do not own (YouTube's 30 days): purged on time.
      othersContent: Boolean(o.expiresAt),
      expiresAt: o.expiresAt ?? null,
      detail: { externalId: o.externalId ?? null, context: o.context ?? null, externalUrl: o.externalUrl ?? null, language: o.language ?? null },
    })),
  );
}

function accessWords(source: TrendSourceDescriptor): string {
  const a = source.access;
  const parts = [
    a.auth === 'api_key' ? 'the project API key' : a.auth === 'app_bearer' ? "the app's app-only Bearer token" : "a connected account's user token",
    a.credentialSetting ? `(setting ${a.credentialSetting})` : '',
    a.loginFlavour ? `connected through ${a.loginFlavour}` : '',
    a.scopes?.length ? `with ${a.scopes.join(', ')}` : '',
    a.appReview ? `; app review: ${a.appReview}` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** Midnight of the next day in `zone`, as an instant. */
function nextMidnight(zone: string): string {
  return new Date(Date.now() + untilMidnightMs(zone)).toISOString();
}

function untilMidnightMs(zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(),
  );
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Math.max(60_000, (24 * 3600 - (n('hour') * 3600 + n('minute') * 60 + n('second'))) * 1000);
}

function nextMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
}

function untilMonthMs(): number {
  return Date.parse(nextMonth()) - Date.now();
}
