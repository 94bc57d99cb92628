import { Link } from '@tanstack/react-router';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError, fieldErrorsOf } from '../../../shared/api/errors';
import { PLATFORM_LABELS, useAccounts, type SocialAccount } from '../../../shared/content/accounts';
import type { ContentItemResult } from '../../../shared/content/content-items';
import { currentLocale } from '../../../shared/i18n/i18n';
import { formatBytes, formatDuration, formatNumber, formatPercent } from '../../../shared/i18n/format';
import { fromDateTimeLocal, isoWithOffset, toDateTimeLocal } from '../../../shared/lib/zoned-time';
import { useMe } from '../../../shared/session/me';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Page } from '../../../shared/ui/Page';
import { useAsset, useAssetChecks, useAssets, type Asset, type CheckedPlatform, type QualityFinding } from '../api/assets';
import { useCreatePost, type TargetOptions } from '../api/create-post';
import { useTusUpload } from '../hooks/useTusUpload';
import { captionCounters, isOver } from './caption-rules';
import { TikTokSection } from './TikTokSection';
import { INITIAL_TIKTOK_CHOICES, tiktokCapabilities, tiktokOptions, tiktokProblems, type TikTokChoices } from './tiktok-rules';

type When = 'schedule' | 'now' | 'draft';
const POST_NOW_DELAY_MS = 60_000;

function AssetSummary({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const probe = asset.probe;
  return (
    <p className="asset-summary">
      <strong>{asset.filename}</strong> · {formatBytes(asset.bytes)} · {t(`composer.assetStatus.${asset.status}`)}
      {probe
        ? ` · ${formatDuration(probe.durationMs)} · ${probe.width}×${probe.height}${probe.fps ? ` · ${formatNumber(probe.fps, { maximumFractionDigits: 2 })} fps` : ''} · ${probe.videoCodec}`
        : ''}
      {asset.error ? <span className="form-errors"> {asset.error}</span> : null}
    </p>
  );
}

function Findings({ findings, platforms }: { findings: QualityFinding[]; platforms: readonly CheckedPlatform[] }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <div className="findings" aria-label={t('composer.qualityGate')} role="region">
      {platforms.map((platform) => {
        const own = findings.filter((finding) => finding.platform === platform);
        return (
          <div key={platform} className="findings-platform">
            <h3 className="findings-title">
              <span className={`platform-badge platform-badge--${platform}`}>{PLATFORM_LABELS[platform]}</span>{' '}
              {own.length === 0 ? t('composer.noFindings') : null}
            </h3>
            {own.length > 0 ? (
              <ul>
                {own.map((finding) => (
                  <li key={`${finding.code}-${finding.platform}`} className={`finding finding--${finding.severity}`}>
                    <strong>{t(`composer.severity.${finding.severity}`)}</strong> {finding.message[locale]}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

function VideoSection({ workspaceId, assetId, onAsset }: { workspaceId: string; assetId: string | null; onAsset: (id: string | null) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [mode, setMode] = useState<'upload' | 'pick'>('upload');
  const upload = useTusUpload();
  const assets = useAssets(workspaceId, mode === 'pick');
  const { state } = upload;
  const fraction = state.bytesTotal > 0 ? state.bytesSent / state.bytesTotal : 0;
  const uploadedId = state.status === 'done' ? state.assetId : null;
  useEffect(() => {
    if (uploadedId) onAsset(uploadedId);
  }, [uploadedId, onAsset]);

  return (
    <fieldset className="composer-section">
      <legend className="composer-section-title">{t('composer.video')}</legend>
      <div className="segmented" role="radiogroup" aria-label={t('composer.videoSource')}>
        {(['upload', 'pick'] as const).map((value) => (
          <label key={value} className="radio">
            <input type="radio" name={`${id}-mode`} checked={mode === value} onChange={() => setMode(value)} />
            {t(`composer.source.${value}`)}
          </label>
        ))}
      </div>
      {mode === 'upload' ? (
        <div className="upload">
          <label className="form-label" htmlFor={`${id}-file`}>
            {t('composer.videoFile')}
          </label>
          <input
            id={`${id}-file`}
            className="input"
            type="file"
            accept="video/mp4,video/quicktime,video/*"
            onChange={(event) => {
              const file = event.target.files?.[0];
              onAsset(null);
              if (file) upload.start(file);
            }}
          />
          {state.status !== 'idle' ? (
            <div className="upload-progress">
              <progress max={1} value={fraction} aria-label={t('composer.uploadProgress')} />
              <span aria-live="polite">
                {t(`composer.upload.${state.status}`, { percent: formatPercent(fraction), sent: formatBytes(state.bytesSent), total: formatBytes(state.bytesTotal) })}
              </span>
              {state.status === 'uploading' ? (
                <button type="button" className="button button--secondary button--small" onClick={upload.pause}>
                  {t('composer.pause')}
                </button>
              ) : null}
              {state.status === 'paused' ? (
                <button type="button" className="button button--secondary button--small" onClick={upload.resume}>
                  {t('composer.resume')}
                </button>
              ) : null}
              {state.error ? <span className="form-errors">{state.error}</span> : null}
              {state.duplicateOf ? <span className="form-hint">{t('composer.duplicateUpload')}</span> : null}
            </div>
          ) : null}
        </div>
      ) : (
        <div className="pick">
          <label className="form-label" htmlFor={`${id}-pick`}>
            {t('composer.existingVideo')}
          </label>
          <select id={`${id}-pick`} className="input select" value={assetId ?? ''} onChange={(event) => onAsset(event.target.value || null)}>
            <option value="">{assets.isPending ? t('common.loading') : t('composer.chooseVideo')}</option>
            {(assets.data ?? [])
              .filter((asset) => asset.status === 'ready')
              .map((asset) => (
                <option key={asset.id} value={asset.id}>
                  {asset.filename} ({asset.probe ? formatDuration(asset.probe.durationMs) : formatBytes(asset.bytes)})
                </option>
              ))}
          </select>
          {assets.isError ? <span className="form-errors">{describeError(assets.error)}</span> : null}
        </div>
      )}
    </fieldset>
  );
}

function Result({ result, timeZone, onAnother }: { result: ContentItemResult; timeZone: string; onAnother: () => void }) {
  const { t } = useTranslation();
  const hasTikTok = result.targets.some((target) => target.platform === 'tiktok');
  return (
    <div className="banner banner--ok composer-result" role="status">
      <div>
        <p className="banner-title">
          {result.status === 'draft'
            ? t('composer.savedDraft')
            : t('composer.scheduledAt', { when: result.scheduledAt ? new Date(result.scheduledAt).toLocaleString(currentLocale(), { timeZone, dateStyle: 'medium', timeStyle: 'short' }) : '' })}
        </p>
        {hasTikTok && result.status !== 'draft' ? <p className="banner-text">{t('composer.tiktok.mayTakeMinutes')}</p> : null}
        {result.warnings.length > 0 ? (
          <ul className="warnings">
            {result.warnings.map((warning) => (
              <li key={warning.code + warning.message}>
                <strong>{t('composer.warning')}</strong> {warning.message}
              </li>
            ))}
          </ul>
        ) : null}
        <p className="form-actions">
          <Link to="/posts/$id" params={{ id: result.id }} className="button button--primary button--small">
            {t('composer.openPost')}
          </Link>
          <Link to="/" className="button button--secondary button--small">
            {t('composer.toQueue')}
          </Link>
          <button type="button" className="button button--ghost button--small" onClick={onAnother}>
            {t('composer.another')}
          </button>
        </p>
      </div>
    </div>
  );
}

function Composer({ workspaceId, timeZone }: { workspaceId: string; timeZone: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const accounts = useAccounts(workspaceId);
  const create = useCreatePost(workspaceId, idempotencyKey);
  const [assetId, setAssetId] = useState<string | null>(null);
  const asset = useAsset(workspaceId, assetId);
  const [selected, setSelected] = useState<string[]>([]);
  const [caption, setCaption] = useState('');
  const [tiktok, setTiktok] = useState<Record<string, TikTokChoices>>({});
  const [shareToFeed, setShareToFeed] = useState<Record<string, boolean>>({});
  const [when, setWhen] = useState<When>('schedule');
  const [at, setAt] = useState(() => toDateTimeLocal(new Date(Date.now() + 60 * 60_000), timeZone));
  const [showProblems, setShowProblems] = useState(false);

  const connected = useMemo(() => (accounts.data ?? []).filter((account) => account.status === 'active'), [accounts.data]);
  const targets = connected.filter((account) => selected.includes(account.id));
  const platforms = [...new Set(targets.map((account) => account.platform))] as CheckedPlatform[];
  const checks = useAssetChecks(workspaceId, asset.data, platforms, targets.map((account) => account.id));
  const counters = captionCounters(caption, new Set(platforms));
  const durationMs = asset.data?.probe?.durationMs ?? null;
  const fieldErrors = fieldErrorsOf(create.error);
  const gateFindings =
    create.error instanceof ApiError && create.error.code === 'QUALITY_GATE_FAILED' && Array.isArray(create.error.details)
      ? (create.error.details as QualityFinding[])
      : null;

  const scheduledAt = when === 'schedule' ? fromDateTimeLocal(at, timeZone) : when === 'now' ? new Date(Date.now() + POST_NOW_DELAY_MS) : undefined;
  const blockers: string[] = [];
  if (targets.length === 0) blockers.push(t('composer.problems.noTarget'));
  if (when !== 'draft' && asset.data?.status !== 'ready') blockers.push(t('composer.problems.noVideo'));
  if (when !== 'draft' && checks.data?.blocking) blockers.push(t('composer.problems.qualityGate'));
  if (counters.some(isOver)) blockers.push(t('composer.problems.caption'));
  if (when === 'schedule' && !scheduledAt) blockers.push(t('composer.problems.noTime'));
  const tiktokBlocked = targets.some(
    (account) =>
      account.platform === 'tiktok' &&
      tiktokProblems(tiktok[account.id] ?? INITIAL_TIKTOK_CHOICES, tiktokCapabilities(account.capabilities), durationMs).length > 0,
  );
  if (when !== 'draft' && tiktokBlocked) blockers.push(t('composer.problems.tiktok'));

  function optionsFor(account: SocialAccount): TargetOptions {
    if (account.platform === 'tiktok') return tiktokOptions(tiktok[account.id] ?? INITIAL_TIKTOK_CHOICES, tiktokCapabilities(account.capabilities));
    if (account.platform === 'instagram') return { shareToFeed: shareToFeed[account.id] ?? true };
    return {};
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setShowProblems(true);
    if (blockers.length > 0) return;
    create.mutate({
      targets: targets.map((account) => ({ accountId: account.id, options: optionsFor(account) })),
      caption,
      timeZone,
      ...(assetId ? { assetId } : {}),
      ...(scheduledAt && when !== 'draft' ? { scheduledAt: isoWithOffset(scheduledAt, timeZone), status: 'scheduled' as const } : { status: 'draft' as const }),
    });
  }

  if (create.data) {
    return (
      <Result
        result={create.data}
        timeZone={timeZone}
        onAnother={() => {
          create.reset();
          setIdempotencyKey(crypto.randomUUID());
          setAssetId(null);
          setCaption('');
          setTiktok({});
        }}
      />
    );
  }

  const targetErrors = (index: number) =>
    Object.entries(fieldErrors)
      .filter(([field]) => field.startsWith(`targets[${index}]`))
      .flatMap(([, messages]) => messages ?? []);
  const otherErrors = Object.entries(fieldErrors).filter(([field]) => !['caption', 'scheduledAt', 'assetId'].includes(field) && !field.startsWith('targets['));

  return (
    <form className="form composer" onSubmit={submit} noValidate aria-label={t('composer.form')}>
      <VideoSection workspaceId={workspaceId} assetId={assetId} onAsset={setAssetId} />
      {asset.data ? <AssetSummary asset={asset.data} /> : null}
      {fieldErrors.assetId ? <p className="form-errors">{fieldErrors.assetId.join(' ')}</p> : null}
      {asset.data?.status === 'ready' && platforms.length > 0 ? (
        checks.data ? (
          <Findings findings={checks.data.findings} platforms={checks.data.platforms} />
        ) : checks.isError ? (
          <p className="form-errors">{describeError(checks.error)}</p>
        ) : (
          <p className="muted">{t('composer.checking')}</p>
        )
      ) : null}

      <fieldset className="composer-section">
        <legend className="composer-section-title">{t('composer.targets')}</legend>
        {connected.length === 0 ? (
          <p className="muted">
            {accounts.isPending ? t('common.loading') : t('composer.noAccounts')} <Link to="/accounts">{t('common.connectAnAccount')}</Link>
          </p>
        ) : (
          connected.map((account) => (
            <div className="checkbox" key={account.id}>
              <input
                id={`${id}-target-${account.id}`}
                type="checkbox"
                checked={selected.includes(account.id)}
                onChange={(event) =>
                  setSelected((current) => (event.target.checked ? [...current, account.id] : current.filter((value) => value !== account.id)))
                }
              />
              <label htmlFor={`${id}-target-${account.id}`}>
                {t('accounts.who', { handle: account.handle, platform: PLATFORM_LABELS[account.platform] })}
              </label>
            </div>
          ))
        )}
      </fieldset>

      <fieldset className="composer-section">
        <legend className="composer-section-title">{t('composer.captionSection')}</legend>
        <label className="form-label" htmlFor={`${id}-caption`}>
          {t('composer.caption')}
        </label>
        <textarea
          id={`${id}-caption`}
          className="input textarea"
          rows={5}
          value={caption}
          onChange={(event) => setCaption(event.target.value)}
          aria-describedby={`${id}-counters`}
          aria-invalid={counters.some(isOver) || Boolean(fieldErrors.caption) || undefined}
        />
        <ul className="counters" id={`${id}-counters`} aria-label={t('composer.counters.label')}>
          {counters.map((counter) => (
            <li key={counter.kind} className={isOver(counter) ? 'counter counter--over' : 'counter'}>
              {t(`composer.counters.${counter.kind}`, { value: formatNumber(counter.value), max: formatNumber(counter.max) })}
            </li>
          ))}
        </ul>
        {fieldErrors.caption ? <p className="form-errors">{fieldErrors.caption.join(' ')}</p> : null}
      </fieldset>

      {targets.map((account) => {
        const index = targets.indexOf(account);
        if (account.platform === 'tiktok') {
          return (
            <TikTokSection
              key={account.id}
              account={account}
              choices={tiktok[account.id] ?? INITIAL_TIKTOK_CHOICES}
              onChange={(choices) => setTiktok((current) => ({ ...current, [account.id]: choices }))}
              videoDurationMs={durationMs}
              errors={targetErrors(index)}
            />
          );
        }
        if (account.platform === 'instagram') {
          return (
            <fieldset key={account.id} className="composer-section" aria-label={t('composer.instagram.sectionOf', { handle: account.handle })}>
              <legend className="composer-section-title">
                <span className="platform-badge platform-badge--instagram">Instagram</span> @{account.handle}
              </legend>
              <div className="checkbox">
                <input
                  id={`${id}-feed-${account.id}`}
                  type="checkbox"
                  checked={shareToFeed[account.id] ?? true}
                  onChange={(event) => setShareToFeed((current) => ({ ...current, [account.id]: event.target.checked }))}
                />
                <label htmlFor={`${id}-feed-${account.id}`}>{t('composer.instagram.shareToFeed')}</label>
              </div>
              {targetErrors(index).length > 0 ? <p className="form-errors">{targetErrors(index).join(' ')}</p> : null}
            </fieldset>
          );
        }
        return null;
      })}

      <fieldset className="composer-section">
        <legend className="composer-section-title">{t('composer.when')}</legend>
        <div className="segmented" role="radiogroup" aria-label={t('composer.when')}>
          {(['schedule', 'now', 'draft'] as const).map((value) => (
            <label key={value} className="radio">
              <input type="radio" name={`${id}-when`} checked={when === value} onChange={() => setWhen(value)} />
              {t(`composer.whenOptions.${value}`)}
            </label>
          ))}
        </div>
        {when === 'schedule' ? (
          <>
            <label className="form-label" htmlFor={`${id}-at`}>
              {t('composer.publishAt', { timeZone: timeZone.replaceAll('_', ' ') })}
            </label>
            <input
              id={`${id}-at`}
              className="input"
              type="datetime-local"
              value={at}
              onChange={(event) => setAt(event.target.value)}
              aria-invalid={Boolean(fieldErrors.scheduledAt) || undefined}
            />
          </>
        ) : null}
        {fieldErrors.scheduledAt ? <p className="form-errors">{fieldErrors.scheduledAt.join(' ')}</p> : null}
      </fieldset>

      {gateFindings ? <Findings findings={gateFindings} platforms={[...new Set(gateFindings.map((finding) => finding.platform))]} /> : null}
      {create.isError && !gateFindings && Object.keys(fieldErrors).length === 0 ? (
        <ErrorNotice title={t('composer.saveFailed')}>{describeError(create.error)}</ErrorNotice>
      ) : null}
      {create.isError && (gateFindings || Object.keys(fieldErrors).length > 0) ? (
        <ErrorNotice title={t('composer.saveFailed')}>
          {describeError(create.error)}
          {otherErrors.length > 0 ? (
            <ul>
              {otherErrors.map(([field, messages]) => (
                <li key={field}>
                  <span className="mono">{field}</span>: {messages?.join(' ')}
                </li>
              ))}
            </ul>
          ) : null}
        </ErrorNotice>
      ) : null}
      {showProblems && blockers.length > 0 ? (
        <ul className="form-errors" role="alert">
          {blockers.map((blocker) => (
            <li key={blocker}>{blocker}</li>
          ))}
        </ul>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? t('common.saving') : t(`composer.submit.${when}`)}
        </button>
      </div>
    </form>
  );
}

/** /compose: a new post, from the video to the schedule. */
export function ComposerPage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  return (
    <Page title={t('composer.title')} description={t('composer.description')}>
      {me.workspace ? (
        <Composer key={me.workspace.id} workspaceId={me.workspace.id} timeZone={me.workspace.timeZone} />
      ) : (
        <p className="muted">{t('common.notInWorkspace')}</p>
      )}
    </Page>
  );
}
