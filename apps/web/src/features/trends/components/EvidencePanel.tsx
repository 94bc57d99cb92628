import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { formatNumber, formatPercent } from '../../../shared/i18n/format';
import { formatDateTime } from '../../../shared/lib/dates';
import type { RadarTrend, SourceSaid } from '../api/radar';
import { signedPercent, sourceLabel } from './radar-words';

function platformName(platform: string | null): string | null {
  return platform ? (PLATFORM_LABELS[platform as keyof typeof PLATFORM_LABELS] ?? platform) : null;
}

/** "Strength 80 —", or "Strength n/a —" while a score cannot be computed. */
function ScoreLead({ name, value }: { name: 'strength' | 'relevance' | 'proof'; value: number | null }) {
  const { t } = useTranslation();
  return (
    <>
      <strong>{t(`trendRadar.scores.${name}`)}</strong> {value === null ? t('trendRadar.scores.none') : formatNumber(value, { maximumFractionDigits: 0 })}{' '}
      —{' '}
    </>
  );
}

/**
 * Readings grouped by source, each group in its own table: a platform's numbers are never added
 * to another's (YouTube's terms forbid a total mixing its data with other platforms').
 */
export function groupBySource(said: readonly SourceSaid[]): [string, SourceSaid[]][] {
  const groups = new Map<string, SourceSaid[]>();
  for (const reading of said) groups.set(reading.source, [...(groups.get(reading.source) ?? []), reading]);
  return [...groups.entries()];
}

/** Which source said what, and how each score came out of those numbers (all from the entry: nothing more to load). */
export function EvidencePanel({ trend }: { trend: RadarTrend }) {
  const { t } = useTranslation();
  const { strength, relevance, proof, said } = trend.evidence;
  const yes = t('trendRadar.evidence.yes');
  const no = t('trendRadar.evidence.no');
  const unknown = t('trendRadar.evidence.unknown');
  const match = (value: boolean | null) => (value === null ? unknown : value ? yes : no);
  return (
    <section className="radar-evidence" aria-label={t('trendRadar.evidence.title', { label: trend.label })}>
      <h4>{t('trendRadar.evidence.scoresTitle')}</h4>
      <ul className="radar-evidence-scores">
        <li>
          <ScoreLead name="strength" value={trend.strength} />
          {strength.latest === null
            ? t('trendRadar.evidence.strengthNone')
            : t('trendRadar.evidence.strength', {
                day: signedPercent(strength.growth24h),
                week: signedPercent(strength.growth7d),
                latest: formatNumber(strength.latest),
                metric: strength.metric ?? '',
                platform: platformName(strength.platform) ?? t('trendRadar.evidence.anyPlatform'),
              })}
        </li>
        <li>
          <ScoreLead name="relevance" value={trend.relevance} />
          {t('trendRadar.evidence.relevance', {
            topics: relevance.topics.join(', ') || t('trendRadar.evidence.noTopic'),
            region: match(relevance.regionMatch),
            language:
              relevance.languageMatch === null
                ? unknown
                : relevance.languageBasis === 'source'
                  ? t('trendRadar.evidence.languageBySource', { answer: match(relevance.languageMatch), languages: relevance.languages.join(', ') })
                  : t('trendRadar.evidence.languageByScript', { answer: match(relevance.languageMatch) }),
          })}
        </li>
        <li>
          <ScoreLead name="proof" value={trend.proof} />
          {proof.posts === 0
            ? t('trendRadar.evidence.proofNone')
            : t('trendRadar.evidence.proof', {
                count: proof.posts,
                beat: formatNumber(proof.beatBaseline),
                ratio: proof.medianRatio === null ? '—' : formatNumber(proof.medianRatio, { maximumFractionDigits: 2 }),
              })}
          {proof.interval && proof.interval.length === 2
            ? ` ${t('trendRadar.evidence.interval', { low: formatPercent(proof.interval[0]!), high: formatPercent(proof.interval[1]!) })}`
            : ''}
        </li>
      </ul>
      <h4>{t('trendRadar.evidence.sourcesTitle')}</h4>
      {said.length === 0 ? (
        <p className="muted">{t('trendRadar.evidence.noReadings')}</p>
      ) : (
        groupBySource(said).map(([source, rows]) => (
          <div key={source} className="radar-table-scroll" role="region" aria-label={sourceLabel(t, source)} tabIndex={0}>
            <table className="radar-table">
              <caption>{sourceLabel(t, source)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('trendRadar.evidence.metric')}</th>
                  <th scope="col">{t('trendRadar.evidence.value')}</th>
                  <th scope="col">{t('trendRadar.evidence.where')}</th>
                  <th scope="col">{t('trendRadar.evidence.when')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={`${row.metric}-${row.region ?? ''}-${index}`}>
                    <th scope="row" translate="no">
                      {row.metric}
                    </th>
                    <td>{formatNumber(row.value)}</td>
                    <td>{[platformName(row.platform), row.region].filter(Boolean).join(' · ') || '—'}</td>
                    <td>
                      <time dateTime={row.observedAt}>{formatDateTime(row.observedAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))
      )}
      <p className="muted radar-evidence-note">{t('trendRadar.evidence.ourFormula')}</p>
    </section>
  );
}
