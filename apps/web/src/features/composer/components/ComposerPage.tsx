import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError, fieldErrorsOf } from '../../../shared/api/errors';
import { PLATFORM_LABELS, useAccounts, type SocialAccount } from '../../../shared/content/accounts';
import { contentItemQueryOptions, type ContentItem, type ContentItemResult } from '../../../shared/content/content-items';
import { currentLocale } from '../../../shared/i18n/i18n';
import { formatBytes, formatDuration, formatNumber, formatPercent } from '../../../shared/i18n/format';
import { fromDateTimeLocal, isoWithOffset } from '../../../shared/lib/zoned-time';
import { useMe } from '../../../shared/session/me';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Page } from '../../../shared/ui/Page';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { useAsset, useAssetChecks, useAssets, type Asset, type CheckedPlatform, type QualityFinding } from '../api/assets';
import { useCreatePost, type TargetOptions } from '../api/create-post';
import { isStaleVersion, useUpdatePost } from '../api/update-post';
import { useObjectUrl } from '../hooks/useObjectUrl';
import { useTusUpload } from '../hooks/useTusUpload';
import { CaptionEditor } from './CaptionEditor';
import { applyCaptionOverride, CUSTOMISABLE_PLATFORMS, effectiveCaption, type CaptionOverrides, type CustomisablePlatform } from './caption-overrides';
import { captionCounters, isOver } from './caption-rules';
import { draftOfItem, EDITABLE_STATUSES, newDraft, updateBodyOf, type When } from './composer-draft';
import { PlatformPreview, type PreviewMedia } from './PlatformPreview';
import { TikTokSection } from './TikTokSection';
import { INITIAL_TIKTOK_CHOICES, tiktokCapabilities, tiktokOptions, tiktokProblems, type TikTokChoices } from './tiktok-rules';

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

interface VideoSectionProps {
  workspaceId: string;
  assetId: string | null;
  /** The chosen video, to list it even when it is older than the picker's page. */
  current: Asset | undefined;
  onAsset: (id: string | null) => void;
  /** The file being uploaded (for the previews), or null when a stored video is picked. */
  onLocalFile: (file: File | null) => void;
}

function VideoSection({ workspaceId, assetId, current, onAsset, onLocalFile }: VideoSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const [mode, setMode] = useState<'upload' | 'pick'>(assetId ? 'pick' : 'upload');
  const upload = useTusUpload();
  const assets = useAssets(workspaceId, mode === 'pick');
  const ready = (assets.data ?? []).filter((asset) => asset.status === 'ready');
  const choices = current && !ready.some((asset) => asset.id === current.id) ? [current, ...ready] : ready;
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
              onLocalFile(file ?? null);
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
          <select
            id={`${id}-pick`}
            className="input select"
            value={assetId ?? ''}
            onChange={(event) => {
              onLocalFile(null);
              onAsset(event.target.value || null);
            }}
          >
            <option value="">{assets.isPending ? t('common.loading') : t('composer.chooseVideo')}</option>
            {choices.map((asset) => (
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
            : result.status !== 'scheduled'
              ? t('composer.savedChanges')
              : t('composer.scheduledAt', { when: result.scheduledAt ? new Date(result.scheduledAt).toLocaleString(currentLocale(), { timeZone, dateStyle: 'medium', timeStyle: 'short' }) : '' })}
        </p>
        {hasTikTok && result.status === 'scheduled' ? <p className="banner-text">{t('composer.tiktok.mayTakeMinutes')}</p> : null}
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

const TARGET_CAPTION_FIELD = /^targets\[(\d+)\]\.options\.(caption|hashtags)$/;

interface ComposerProps {
  workspaceId: string;
  timeZone: string;
  /** The saved item being edited; a new post without it. */
  editing?: ContentItem;
  /** After a 409: load the item again and start over from what is saved now. */
  onReload?: () => void;
  reloading?: boolean;
}

function Composer({ workspaceId, timeZone, editing, onReload, reloading = false }: ComposerProps) {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const [initial] = useState(() => (editing ? draftOfItem(editing, timeZone) : newDraft(timeZone)));
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const accounts = useAccounts(workspaceId);
  const create = useCreatePost(workspaceId, idempotencyKey);
  const update = useUpdatePost(workspaceId);
  const save = editing ? update : create;
  const [assetId, setAssetId] = useState<string | null>(initial.assetId);
  const [localFile, setLocalFile] = useState<File | null>(null);
  const localVideoUrl = useObjectUrl(localFile);
  const asset = useAsset(workspaceId, assetId);
  const [selected, setSelected] = useState<string[]>(initial.selected);
  const [caption, setCaption] = useState(initial.caption);
  const [overrides, setOverrides] = useState<CaptionOverrides>(initial.overrides);
  const [tiktok, setTiktok] = useState<Record<string, TikTokChoices>>(initial.tiktok);
  const [shareToFeed, setShareToFeed] = useState<Record<string, boolean>>(initial.shareToFeed);
  const [when, setWhen] = useState<When>(initial.when);
  const [at, setAt] = useState(initial.at);
  const [showProblems, setShowProblems] = useState(false);

  const connected = useMemo(
    () => (accounts.data ?? []).filter((account) => account.status === 'active' || (editing && selected.includes(account.id))),
    [accounts.data, editing, selected],
  );
  const targets = connected.filter((account) => selected.includes(account.id));
  const platforms = [...new Set(targets.map((account) => account.platform))] as CheckedPlatform[];
  const customisable = CUSTOMISABLE_PLATFORMS.filter((platform) => platforms.includes(platform));
  const checks = useAssetChecks(workspaceId, asset.data, platforms, targets.map((account) => account.id));
  const captionOver = customisable.some((platform) => captionCounters(effectiveCaption(caption, overrides, platform), new Set([platform])).some(isOver));
  const durationMs = asset.data?.probe?.durationMs ?? null;
  const fieldErrors = fieldErrorsOf(save.error);
  const gateFindings =
    save.error instanceof ApiError && save.error.code === 'QUALITY_GATE_FAILED' && Array.isArray(save.error.details)
      ? (save.error.details as QualityFinding[])
      : null;
  const stale = isStaleVersion(save.error);
  const whenOptions: readonly When[] = when === 'keep' ? ['keep'] : ['schedule', 'now', 'draft'];
  const plansTime = when === 'schedule' || when === 'now';

  const scheduledAt = when === 'schedule' ? fromDateTimeLocal(at, timeZone) : when === 'now' ? new Date(Date.now() + POST_NOW_DELAY_MS) : undefined;
  const blockers: string[] = [];
  if (targets.length === 0) blockers.push(t('composer.problems.noTarget'));
  if (when !== 'draft' && asset.data?.status !== 'ready') blockers.push(t('composer.problems.noVideo'));
  if (when !== 'draft' && checks.data?.blocking) blockers.push(t('composer.problems.qualityGate'));
  if (captionOver) blockers.push(t('composer.problems.caption'));
  if (when === 'schedule' && !scheduledAt) blockers.push(t('composer.problems.noTime'));
  const tiktokBlocked = targets.some(
    (account) =>
      account.platform === 'tiktok' &&
      tiktokProblems(tiktok[account.id] ?? INITIAL_TIKTOK_CHOICES, tiktokCapabilities(account.capabilities), durationMs).length > 0,
  );
  if (when !== 'draft' && tiktokBlocked) blockers.push(t('composer.problems.tiktok'));

  function optionsFor(account: SocialAccount): TargetOptions {
    const saved = initial.savedOptions[account.id] ?? {};
    let options: TargetOptions = saved;
    if (account.platform === 'tiktok') options = { ...saved, ...tiktokOptions(tiktok[account.id] ?? INITIAL_TIKTOK_CHOICES, tiktokCapabilities(account.capabilities)) };
    if (account.platform === 'instagram') options = { ...saved, shareToFeed: shareToFeed[account.id] ?? true };
    return applyCaptionOverride(options, overrides[account.platform]);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setShowProblems(true);
    if (blockers.length > 0) return;
    const targetInputs = targets.map((account) => ({ accountId: account.id, options: optionsFor(account) }));
    const at = scheduledAt && plansTime ? isoWithOffset(scheduledAt, timeZone) : undefined;
    if (editing) {
      update.mutate({ id: editing.id, version: editing.version, body: updateBodyOf(editing, { caption, assetId, targets: targetInputs, when, scheduledAt: at }) });
      return;
    }
    create.mutate({
      targets: targetInputs,
      caption,
      timeZone,
      ...(assetId ? { assetId } : {}),
      ...(at ? { scheduledAt: at, status: 'scheduled' as const } : { status: 'draft' as const }),
    });
  }

  if (save.data) {
    return (
      <Result
        result={save.data}
        timeZone={timeZone}
        onAnother={() => {
          if (editing) {
            void navigate({ to: '/compose', search: {} });
            return;
          }
          create.reset();
          setIdempotencyKey(crypto.randomUUID());
          setAssetId(null);
          setLocalFile(null);
          setCaption('');
          setOverrides({});
          setTiktok({});
        }}
      />
    );
  }

  const isCaptionField = (field: string) => TARGET_CAPTION_FIELD.test(field);
  const targetErrors = (index: number) =>
    Object.entries(fieldErrors)
      .filter(([field]) => field.startsWith(`targets[${index}]`) && !isCaptionField(field))
      .flatMap(([, messages]) => messages ?? []);
  const platformCaptionErrors: Partial<Record<CustomisablePlatform, string[]>> = {};
  for (const [field, messages] of Object.entries(fieldErrors)) {
    const index = TARGET_CAPTION_FIELD.exec(field)?.[1];
    const platform = index === undefined ? undefined : targets[Number(index)]?.platform;
    if (platform === 'tiktok' || platform === 'instagram') platformCaptionErrors[platform] = [...(platformCaptionErrors[platform] ?? []), ...(messages ?? [])];
  }
  const otherErrors = Object.entries(fieldErrors).filter(([field]) => !['caption', 'scheduledAt', 'assetId'].includes(field) && !field.startsWith('targets['));
  const media: PreviewMedia = localVideoUrl
    ? { kind: 'video', src: localVideoUrl }
    : asset.data?.thumbnailUrl
      ? { kind: 'image', src: asset.data.thumbnailUrl }
      : { kind: 'none' };

  return (
    <div className="composer-layout">
      <form className="form composer" onSubmit={submit} noValidate aria-label={t(editing ? 'composer.editForm' : 'composer.form')}>
        <VideoSection workspaceId={workspaceId} assetId={assetId} current={asset.data} onAsset={setAssetId} onLocalFile={setLocalFile} />
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
                {account.status !== 'active' ? <span className="checkbox-hint">{t(`accounts.status.${account.status}`)}</span> : null}
              </div>
            ))
          )}
        </fieldset>

        <CaptionEditor
          caption={caption}
          onCaptionChange={setCaption}
          overrides={overrides}
          onOverridesChange={setOverrides}
          platforms={customisable}
          errors={fieldErrors.caption}
          platformErrors={platformCaptionErrors}
        />

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
          {when === 'keep' ? (
            <p className="form-hint">{t('composer.failedHint')}</p>
          ) : (
            <div className="segmented" role="radiogroup" aria-label={t('composer.when')}>
              {whenOptions.map((value) => (
                <label key={value} className="radio">
                  <input type="radio" name={`${id}-when`} checked={when === value} onChange={() => setWhen(value)} />
                  {t(`composer.whenOptions.${value}`)}
                </label>
              ))}
            </div>
          )}
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
        {stale ? (
          <ErrorNotice title={t('composer.stale.title')}>
            <p>{t('composer.stale.text')}</p>
            {onReload ? (
              <button type="button" className="button button--secondary button--small" onClick={onReload} disabled={reloading}>
                {reloading ? t('common.loading') : t('composer.stale.reload')}
              </button>
            ) : null}
          </ErrorNotice>
        ) : null}
        {save.isError && !stale && !gateFindings && Object.keys(fieldErrors).length === 0 ? (
          <ErrorNotice title={t('composer.saveFailed')}>{describeError(save.error)}</ErrorNotice>
        ) : null}
        {save.isError && (gateFindings || Object.keys(fieldErrors).length > 0) ? (
          <ErrorNotice title={t('composer.saveFailed')}>
            {describeError(save.error)}
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
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t(`composer.submit.${editing && when !== 'now' ? 'save' : when}`)}
          </button>
          {editing ? (
            <Link to="/posts/$id" params={{ id: editing.id }} className="button button--ghost">
              {t('common.cancel')}
            </Link>
          ) : null}
        </div>
      </form>

      {/* Scrolls on its own on wide screens: focusable so the keyboard can scroll it too. */}
      <aside className="composer-previews" aria-labelledby={`${id}-previews`} tabIndex={0}>
        <h2 className="composer-previews-title" id={`${id}-previews`}>
          {t('composer.preview.title')}
        </h2>
        {customisable.length === 0 ? <p className="muted">{t('composer.preview.empty')}</p> : null}
        <div className="composer-previews-list">
          {customisable.map((platform) => {
            const account = targets.find((target) => target.platform === platform);
            return account ? (
              <PlatformPreview key={platform} platform={platform} account={account} caption={effectiveCaption(caption, overrides, platform)} media={media} />
            ) : null;
          })}
        </div>
      </aside>
    </div>
  );
}

/** A saved item in the composer: loaded, checked that it may still change, saved with its version. */
function EditComposer({ workspaceId, itemId }: { workspaceId: string; itemId: string }) {
  const { t } = useTranslation();
  const item = useQuery({ ...contentItemQueryOptions(workspaceId, itemId), refetchInterval: false });
  // Bumped after a reload: the form starts over from what is saved now.
  const [generation, setGeneration] = useState(0);
  if (!item.data) return <QueryFallback query={item} errorTitle={t('composer.loadFailed')} />;
  if (!EDITABLE_STATUSES.includes(item.data.status)) {
    return (
      <div className="banner composer-locked" role="status">
        <p className="banner-title">{t('composer.notEditable', { status: t(`content.status.${item.data.status}`) })}</p>
        <p className="form-actions">
          <Link to="/posts/$id" params={{ id: item.data.id }} className="button button--secondary button--small">
            {t('composer.openPost')}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <Composer
      key={`${item.data.id}:${generation}`}
      workspaceId={workspaceId}
      timeZone={item.data.timeZone}
      editing={item.data}
      reloading={item.isFetching}
      onReload={() => {
        void item.refetch().then(() => setGeneration((value) => value + 1));
      }}
    />
  );
}

/** /compose: a new post, from the video to the schedule; /compose?item=<id>: edit that one. */
export function ComposerPage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  const { item } = useSearch({ from: '/app/compose' });
  return (
    <Page title={t(item ? 'composer.editTitle' : 'composer.title')} description={t(item ? 'composer.editDescription' : 'composer.description')}>
      {!me.workspace ? (
        <p className="muted">{t('common.notInWorkspace')}</p>
      ) : item ? (
        <EditComposer key={`${me.workspace.id}:${item}`} workspaceId={me.workspace.id} itemId={item} />
      ) : (
        <Composer key={me.workspace.id} workspaceId={me.workspace.id} timeZone={me.workspace.timeZone} />
      )}
    </Page>
  );
}
