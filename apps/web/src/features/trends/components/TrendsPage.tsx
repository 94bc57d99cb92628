import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatNumber } from '../../../shared/i18n/format';
import { isPast } from '../../../shared/lib/dates';
import { useMe } from '../../../shared/session/me';
import { roleAtLeast } from '../../../shared/session/roles';
import { Button } from '../../../shared/ui/Button';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { SelectField } from '../../../shared/ui/FormField';
import { TrendIcon } from '../../../shared/ui/icons';
import { Page } from '../../../shared/ui/Page';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { Tab, TabList, TabPanel, Tabs } from '../../../shared/ui/Tabs';
import { useRadarMembers, useRadarSettings, type RadarTrend } from '../api/radar';
import { useCreateTrendDraft, useTrends, useUpdateTrend, useVote } from '../api/trends';
import { CsvImportDialog } from './CsvImportDialog';
import { PlatformChangesTab } from './PlatformChangesTab';
import { RadarCard } from './RadarCard';
import { RadarSettingsPanel } from './RadarSettingsPanel';
import { SourceResultsTab } from './SourceResultsTab';
import { SourcesPanel } from './SourcesPanel';
import { TrendFormDialog } from './TrendFormDialog';
import { WatchListEditor } from './WatchListEditor';

import './trend-radar.css';

type Scored = Pick<RadarTrend, 'strength' | 'relevance' | 'proof'>;

/** The sum of the scores that are known (each 0–100, all three ours); a trend with none ranks last. */
export function rankScore(trend: Scored): number {
  const known = [trend.strength, trend.relevance, trend.proof].filter((score): score is number => score !== null);
  return known.length === 0 ? -Infinity : known.reduce((sum, score) => sum + score, 0);
}

/** Ranked: current trends first by their scores, then votes; retired and expired ones last. */
export function rankTrends<T extends Scored & Pick<RadarTrend, 'status' | 'expiresAt' | 'observedAt' | 'votes'>>(
  trends: readonly T[],
  now: number = Date.now(),
): T[] {
  const parked = (trend: T) => (trend.status === 'retired' || (trend.expiresAt !== null && isPast(trend.expiresAt, now)) ? 1 : 0);
  return [...trends].sort((a, b) => parked(a) - parked(b) || rankScore(b) - rankScore(a) || b.votes - a.votes || b.observedAt.localeCompare(a.observedAt));
}

export interface RadarFilters {
  /** A region code, or '' for all. */
  region: string;
  /** 'ours': only trends in one of the workspace's languages (their relevance says); '' all. */
  language: '' | 'ours';
}

/** The regions the trends were seen in (sorted, once each). */
export function regionChoices(trends: readonly Pick<RadarTrend, 'region'>[]): string[] {
  return [...new Set(trends.map((trend) => trend.region).filter((region): region is string => Boolean(region)))].sort();
}

/** Region: where the trend was seen; language: in one of the workspace's languages (its relevance says, by a source's word or the label's script). */
export function applyFilters<T extends Pick<RadarTrend, 'region' | 'evidence'>>(trends: readonly T[], filters: RadarFilters): T[] {
  return trends.filter(
    (trend) => (filters.region === '' || trend.region === filters.region) && (filters.language === '' || trend.evidence.relevance.languageMatch === true),
  );
}

type Tabs = 'radar' | 'changes' | 'results';

function RadarTab({ workspaceId, canEdit, isAdmin }: { workspaceId: string; canEdit: boolean; isAdmin: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<RadarFilters>({ region: '', language: '' });
  const trends = useTrends(workspaceId);
  const settings = useRadarSettings(workspaceId);
  const members = useRadarMembers(workspaceId);
  const patch = useUpdateTrend(workspaceId);
  const vote = useVote(workspaceId);
  const draft = useCreateTrendDraft(workspaceId);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  const use = (trend: RadarTrend) =>
    draft.mutate(trend.id, { onSuccess: ({ contentItemId }) => void navigate({ to: '/compose', search: { item: contentItemId } }) });

  const regions = regionChoices(trends.data ?? []);
  const languages = settings.data?.languages ?? [];
  const shown = trends.data ? applyFilters(trends.data, filters) : undefined;

  let list;
  if (shown && shown.length > 0) {
    const ranked = rankTrends(shown);
    list = (
      <ol className="radar-list" aria-labelledby="radar-list-heading">
        {ranked.map((trend, index) => (
          <li key={trend.id}>
            <RadarCard
              trend={trend}
              rank={index + 1}
              members={members.data ?? []}
              canEdit={canEdit}
              busy={
                (patch.isPending && patch.variables?.id === trend.id) ||
                (vote.isPending && vote.variables?.id === trend.id) ||
                (draft.isPending && draft.variables === trend.id)
              }
              onPatch={(changes) => patch.mutate({ id: trend.id, patch: changes })}
              onVote={() => vote.mutate({ id: trend.id, voted: trend.voted })}
              onUse={() => use(trend)}
            />
          </li>
        ))}
      </ol>
    );
  } else if (trends.data && trends.data.length > 0) {
    list = <p className="muted">{t('trendRadar.filters.nothing')}</p>;
  } else if (trends.data) {
    list = (
      <EmptyState icon={<TrendIcon />} title={t('trendRadar.emptyTitle')}>
        {t('trendRadar.emptyBody')}
      </EmptyState>
    );
  } else {
    list = <QueryFallback query={trends} errorTitle={t('trendRadar.loadFailed')} />;
  }

  return (
    <div className="radar-layout">
      <div className="radar-main">
        <div className="radar-toolbar">
          <SelectField
            label={t('trendRadar.filters.region')}
            value={filters.region}
            onChange={(event) => setFilters((f) => ({ ...f, region: event.target.value }))}
          >
            <option value="">{t('trendRadar.filters.allRegions')}</option>
            {regions.map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('trendRadar.filters.language')}
            value={filters.language}
            onChange={(event) => setFilters((f) => ({ ...f, language: event.target.value === 'ours' ? 'ours' : '' }))}
          >
            <option value="">{t('trendRadar.filters.allLanguages')}</option>
            <option value="ours">
              {languages.length ? t('trendRadar.filters.ourLanguages', { languages: languages.join(', ') }) : t('trendRadar.filters.ourLanguagesUnset')}
            </option>
          </SelectField>
          {canEdit ? (
            <div className="radar-toolbar-buttons">
              <Button onClick={() => setImporting(true)}>{t('trendRadar.import.open')}</Button>
              <Button variant="primary" onClick={() => setAdding(true)}>
                {t('trends.add')}
              </Button>
            </div>
          ) : null}
        </div>
        <h2 className="radar-heading" id="radar-list-heading">
          {t('trendRadar.list')}
        </h2>
        {shown ? (
          <p className="muted radar-count" role="status">
            {t('trendRadar.count', { count: shown.length, formatted: formatNumber(shown.length) })}
          </p>
        ) : null}
        {list}
      </div>
      <aside className="radar-side" aria-label={t('trendRadar.side')}>
        <SourcesPanel workspaceId={workspaceId} canRun={canEdit} />
        <WatchListEditor workspaceId={workspaceId} canEdit={canEdit} />
        {isAdmin ? <RadarSettingsPanel workspaceId={workspaceId} /> : null}
      </aside>
      {adding ? <TrendFormDialog workspaceId={workspaceId} onClose={() => setAdding(false)} /> : null}
      {importing ? <CsvImportDialog workspaceId={workspaceId} onClose={() => setImporting(false)} /> : null}
    </div>
  );
}

function TrendsScreen({ workspaceId, canEdit, isAdmin }: { workspaceId: string; canEdit: boolean; isAdmin: boolean }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tabs>('radar');
  return (
    <Page title={t('nav.trends')} description={t('trendRadar.description')}>
      <p className="muted trends-sources">{t('trendRadar.sourcesNote')}</p>
      <Tabs value={tab} onValueChange={(value) => setTab(value as Tabs)}>
        <TabList label={t('trendRadar.tabs.label')}>
          <Tab value="radar">{t('trendRadar.tabs.radar')}</Tab>
          <Tab value="changes">{t('trendRadar.tabs.changes')}</Tab>
          <Tab value="results">{t('trendRadar.tabs.results')}</Tab>
        </TabList>
        <TabPanel value="radar">
          <RadarTab workspaceId={workspaceId} canEdit={canEdit} isAdmin={isAdmin} />
        </TabPanel>
        <TabPanel value="changes">
          <h2 className="visually-hidden">{t('trendRadar.changesHeading')}</h2>
          <PlatformChangesTab workspaceId={workspaceId} active={tab === 'changes'} />
        </TabPanel>
        <TabPanel value="results">
          <h2 className="visually-hidden">{t('trendRadar.resultsHeading')}</h2>
          <SourceResultsTab workspaceId={workspaceId} active={tab === 'results'} />
        </TabPanel>
      </Tabs>
    </Page>
  );
}

/** The Trend Radar: ranked trends from the official sources, our own results and the team; never scraped. */
export function TrendsPage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!me.workspace) {
    return (
      <Page title={t('nav.trends')} description={t('trendRadar.description')}>
        <p className="muted">{t('common.notInWorkspace')}</p>
      </Page>
    );
  }
  return <TrendsScreen key={me.workspace.id} workspaceId={me.workspace.id} canEdit={roleAtLeast(me.role, 'editor')} isAdmin={roleAtLeast(me.role, 'admin')} />;
}
