import { Link, useNavigate } from '@tanstack/react-router';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldErrorsOf } from '../../../shared/api/errors';
import type { ContentItem } from '../../../shared/content/content-items';
import { useMediaQuery } from '../../../shared/lib/use-media-query';
import { isoWithOffset } from '../../../shared/lib/zoned-time';
import { Dialog } from '../../../shared/ui/Dialog';
import { useCreatePost } from '../api/create-post';
import type { PlatformInfo } from '../api/platforms';
import { isStaleVersion, useUpdatePost } from '../api/update-post';
import { useComposerForm } from '../hooks/useComposerForm';
import { useObjectUrl } from '../hooks/useObjectUrl';
import { AiDisclosure, aiDisclosureField, withAiDisclosure } from './AiDisclosure';
import { CaptionEditor } from './CaptionEditor';
import { updateBodyOf } from './composer-draft';
import { gateFindingsOf, splitFieldErrors } from './composer-form';
import { ComposerResult } from './ComposerResult';
import { MediaSection } from './MediaSection';
import { PlatformPanels } from './PlatformPanels';
import type { PreviewMedia } from './PlatformPreview';
import { PreviewsAside } from './PreviewsAside';
import { QueueSlotHint } from './QueueSlotHint';
import { SaveProblems } from './SaveProblems';
import { ScheduleSection } from './ScheduleSection';
import { TargetsSection } from './TargetsSection';

export interface ComposerProps {
  workspaceId: string;
  timeZone: string;
  /** The platform registry (GET /api/platforms). */
  registry: readonly PlatformInfo[];
  /** The saved item being edited; a new post without it. */
  editing?: ContentItem;
  /** After a 412 STALE_VERSION: load the item again and start over from what is saved now. */
  onReload?: () => void;
  reloading?: boolean;
  /** False for a contributor (issue 25): drafts only, then a review request; the API refuses scheduling anyway. */
  canSchedule?: boolean;
}

// AI caption suggestions (issue 24): its own chunk, fetched only when the composer shows.
const AiSuggestionsPanel = lazy(() => import('./AiSuggestionsPanel'));

/** Below the width where styles.css puts the previews beside the form (min-width: 1180px). */
const SINGLE_COLUMN_QUERY = '(max-width: 1179px)';

/** The composer: media, caption, accounts, one options panel per account, schedule, previews. */
export function Composer({ workspaceId, timeZone, registry, editing, onReload, reloading = false, canSchedule = true }: ComposerProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const create = useCreatePost(workspaceId, idempotencyKey);
  const update = useUpdatePost(workspaceId);
  const save = editing ? update : create;
  const form = useComposerForm(workspaceId, timeZone, registry, editing, !canSchedule);
  const [localFile, setLocalFile] = useState<File | null>(null);
  const localVideoUrl = useObjectUrl(localFile);
  const [showProblems, setShowProblems] = useState(false);
  const [confirmingEmptyCaption, setConfirmingEmptyCaption] = useState(false);
  // The AI suggestion a person picked: while the caption is still that text, the item records captionSource 'ai' (audit).
  const [aiCaption, setAiCaption] = useState<string | null>(null);
  // The video is marked AI-generated: every target gets its platform's AI disclosure option (the registry's aiDisclosure).
  const [aiGenerated, setAiGenerated] = useState(false);
  const platformOf = (account: { platform: string }) => registry.find((p) => p.id === account.platform);
  const { when, targets, scheduledAt, blockers } = form;
  // One column (phones, tablets: the width below which styles.css stacks .composer-layout): the
  // previews come before the schedule and its button, so the post is seen before it is sent.
  const singleColumn = useMediaQuery(SINGLE_COLUMN_QUERY);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setShowProblems(true);
    if (blockers.length > 0) return;
    // A post without a caption is allowed, but rarely meant: ask first.
    if (form.caption.trim() === '') {
      setConfirmingEmptyCaption(true);
      return;
    }
    send();
  }

  function send() {
    const targetInputs = targets.map((account) => ({
      accountId: account.id,
      options: aiGenerated ? withAiDisclosure(form.optionsFor(account), platformOf(account)) : form.optionsFor(account),
    }));
    const itemOptions = { ...(aiGenerated ? { aiGenerated: true } : {}), ...(aiCaption !== null && form.caption === aiCaption ? { captionSource: 'ai' } : {}) };
    const at = scheduledAt && (when === 'schedule' || when === 'now') ? isoWithOffset(scheduledAt, timeZone) : undefined;
    if (editing) {
      update.mutate({
        id: editing.id,
        version: editing.version,
        body: updateBodyOf(editing, { caption: form.caption, assetId: form.assetId, targets: targetInputs, when, scheduledAt: at }),
      });
      return;
    }
    create.mutate({
      targets: targetInputs,
      caption: form.caption,
      timeZone,
      ...(Object.keys(itemOptions).length > 0 ? { options: itemOptions } : {}),
      ...(form.assetId ? { assetId: form.assetId } : {}),
      ...(at ? { scheduledAt: at, status: 'scheduled' as const } : { status: 'draft' as const }),
    });
  }

  if (save.data) {
    const another = () => {
      if (editing) {
        void navigate({ to: '/compose', search: {} });
        return;
      }
      create.reset();
      setIdempotencyKey(crypto.randomUUID());
      setLocalFile(null);
      form.reset();
    };
    return (
      <>
        {/* A contributor's draft goes on through a review request (issue 25), from the post's page. */}
        {canSchedule ? null : <p className="form-hint">{t('access.requestReviewHint')}</p>}
        <ComposerResult result={save.data} timeZone={timeZone} onAnother={another} />
      </>
    );
  }

  const fieldErrors = fieldErrorsOf(save.error, { timeZone });
  const errors = splitFieldErrors(fieldErrors, targets);
  const gateFindings = gateFindingsOf(save.error);
  const asset = form.asset.data;
  const media: PreviewMedia = localVideoUrl
    ? { kind: 'video', src: localVideoUrl }
    : asset?.thumbnailUrl
      ? { kind: 'image', src: asset.thumbnailUrl }
      : { kind: 'none' };

  const previews = <PreviewsAside targets={targets} caption={form.caption} overrides={form.overrides} media={media} />;

  return (
    <div className="composer-layout">
      <form className="form composer" onSubmit={submit} noValidate aria-label={t(editing ? 'composer.editForm' : 'composer.form')}>
        <MediaSection
          workspaceId={workspaceId}
          assetId={form.assetId}
          asset={asset}
          onAsset={form.setAssetId}
          onLocalFile={setLocalFile}
          checks={form.checks}
          checking={asset?.status === 'ready' && form.platforms.length > 0}
          errors={fieldErrors.assetId}
        />
        <TargetsSection accounts={form.connected} loading={form.accounts.isPending} selected={form.selected} onSelectedChange={form.setSelected} />
        <AiDisclosure
          platforms={form.platforms}
          marked={aiGenerated}
          onMarkedChange={(marked) => {
            setAiGenerated(marked);
            // The panels show the platform's own checkbox in the same state.
            for (const account of targets) {
              const field = aiDisclosureField(platformOf(account));
              if (field) form.setChosenOf(account.id, { ...form.chosen[account.id], [field.name]: marked });
            }
          }}
        />
        <CaptionEditor
          caption={form.caption}
          onCaptionChange={form.setCaption}
          overrides={form.overrides}
          onOverridesChange={form.setOverrides}
          platforms={form.platforms}
          errors={fieldErrors.caption}
          platformErrors={errors.platformCaption}
        />
        <Suspense fallback={null}>
          <AiSuggestionsPanel
            workspaceId={workspaceId}
            title={editing?.title}
            draft={form.caption}
            platforms={form.platforms}
            onPick={(caption) => {
              setAiCaption(caption);
              form.setCaption(caption);
            }}
          />
        </Suspense>
        <PlatformPanels
          targets={targets}
          platforms={registry}
          chosen={form.chosen}
          onChosenChange={form.setChosenOf}
          saved={form.initial.savedOptions}
          extensions={form.extensions}
          onExtensionChange={form.setExtensionOf}
          videoDurationMs={form.durationMs}
          errorsOf={errors.target}
        />
        {singleColumn ? previews : null}
        <ScheduleSection
          when={when}
          onWhenChange={form.setWhen}
          at={form.at}
          onAtChange={form.setAt}
          timeZone={timeZone}
          errors={fieldErrors.scheduledAt}
          draftsOnly={!canSchedule}
        />
        {when !== 'keep' && canSchedule ? (
          <QueueSlotHint
            workspaceId={workspaceId}
            timeZone={timeZone}
            targets={targets}
            onQueued={(at) => {
              form.setWhen('schedule');
              form.setAt(at);
            }}
          />
        ) : null}
        <SaveProblems
          error={save.isError ? save.error : null}
          gateFindings={gateFindings}
          stale={isStaleVersion(save.error)}
          onReload={onReload}
          reloading={reloading}
          hasFieldErrors={Object.keys(fieldErrors).length > 0}
          otherErrors={errors.other}
          blockers={showProblems ? blockers : []}
          timeZone={timeZone}
        />
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
      {singleColumn ? null : previews}
      {confirmingEmptyCaption ? (
        <Dialog
          title={t('apiErrors.emptyCaption.title')}
          description={t('apiErrors.emptyCaption.text')}
          role="alertdialog"
          onDismiss={() => setConfirmingEmptyCaption(false)}
          actions={
            <>
              <button type="button" className="button button--secondary" data-autofocus onClick={() => setConfirmingEmptyCaption(false)}>
                {t('apiErrors.emptyCaption.back')}
              </button>
              <button
                type="button"
                className="button button--primary"
                onClick={() => {
                  setConfirmingEmptyCaption(false);
                  send();
                }}
              >
                {t('apiErrors.emptyCaption.confirm')}
              </button>
            </>
          }
        />
      ) : null}
    </div>
  );
}
