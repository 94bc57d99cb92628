import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldErrorsOf } from '../../../shared/api/errors';
import { Button } from '../../../shared/ui/Button';
import { FormError } from '../../../shared/ui/FormError';
import { TextField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { useRadarSettings, useUpdateRadarSettings, type RadarSettings } from '../api/radar';

/** "fr, EN  de" → ["fr", "en", "de"]: a list typed with commas or spaces, in the case the API expects. */
export function parseCodes(text: string, upper: boolean): string[] {
  const codes = text
    .split(/[\s,;]+/)
    .map((code) => code.trim())
    .filter(Boolean)
    .map((code) => (upper ? code.toUpperCase() : code.toLowerCase()));
  return [...new Set(codes)];
}

/** Topics are phrases: commas separate them. */
export function parseTopics(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((topic) => topic.trim())
        .filter(Boolean),
    ),
  ];
}

const FIELDS = ['regions', 'languages', 'topics', 'xMonthlyCapCents', 'youtubeDailyUnits'] as const;

function SettingsForm({ workspaceId, settings }: { workspaceId: string; settings: RadarSettings }) {
  const { t } = useTranslation();
  const update = useUpdateRadarSettings(workspaceId);
  const [regions, setRegions] = useState(settings.regions.join(', '));
  const [languages, setLanguages] = useState(settings.languages.join(', '));
  const [topics, setTopics] = useState(settings.topics.join(', '));
  // Dollars in the form, cents in the API (X bills fractions of a cent per call; the cap is whole cents).
  const [xCap, setXCap] = useState(String(settings.xMonthlyCapCents / 100));
  const [youtubeUnits, setYoutubeUnits] = useState(String(settings.youtubeDailyUnits));
  const errors = fieldErrorsOf(update.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const dollars = Number(xCap.replace(',', '.'));
    update.mutate({
      regions: parseCodes(regions, true),
      languages: parseCodes(languages, false),
      topics: parseTopics(topics),
      // An unreadable amount goes as is (NaN → the API's validation message), never as 0 silently.
      xMonthlyCapCents: Number.isFinite(dollars) ? Math.round(dollars * 100) : Number.NaN,
      youtubeDailyUnits: Number(youtubeUnits),
    });
  };

  return (
    <form className="radar-settings-form" onSubmit={submit} noValidate>
      <FormError error={update.error} title={t('trendRadar.settings.saveFailed')} fields={FIELDS} />
      <TextField
        label={t('trendRadar.settings.regions')}
        hint={t('trendRadar.settings.regionsHint')}
        value={regions}
        onChange={(e) => setRegions(e.target.value)}
        errors={errors['regions']}
      />
      <TextField
        label={t('trendRadar.settings.languages')}
        hint={t('trendRadar.settings.languagesHint')}
        value={languages}
        onChange={(e) => setLanguages(e.target.value)}
        errors={errors['languages']}
      />
      <TextField
        label={t('trendRadar.settings.topics')}
        hint={t('trendRadar.settings.topicsHint')}
        value={topics}
        onChange={(e) => setTopics(e.target.value)}
        errors={errors['topics']}
      />
      <TextField
        label={t('trendRadar.settings.xCap')}
        hint={t('trendRadar.settings.xCapHint')}
        inputMode="decimal"
        value={xCap}
        onChange={(e) => setXCap(e.target.value)}
        errors={errors['xMonthlyCapCents']}
      />
      <TextField
        label={t('trendRadar.settings.youtubeUnits')}
        hint={t('trendRadar.settings.youtubeUnitsHint')}
        inputMode="numeric"
        value={youtubeUnits}
        onChange={(e) => setYoutubeUnits(e.target.value)}
        errors={errors['youtubeDailyUnits']}
      />
      <Button type="submit" loading={update.isPending}>
        {t('trendRadar.settings.save')}
      </Button>
      {update.isSuccess ? (
        <p className="muted" role="status">
          {t('trendRadar.settings.saved')}
        </p>
      ) : null}
    </form>
  );
}

/** What the workspace targets (regions, languages, topics: relevance and the charts) and what the paid sources may spend. Admins only. */
export function RadarSettingsPanel({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const settings = useRadarSettings(workspaceId);
  return (
    <Panel title={t('trendRadar.settings.title')} description={t('trendRadar.settings.description')}>
      <details className="radar-settings">
        <summary>{t('trendRadar.settings.open')}</summary>
        {settings.data ? (
          <SettingsForm workspaceId={workspaceId} settings={settings.data} />
        ) : (
          <QueryFallback query={settings} errorTitle={t('trendRadar.settings.loadFailed')} />
        )}
      </details>
    </Panel>
  );
}
