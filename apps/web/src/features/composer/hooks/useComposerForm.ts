import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccounts, type SocialAccount } from '../../../shared/content/accounts';
import type { ContentItem } from '../../../shared/content/content-items';
import { fromDateTimeLocal } from '../../../shared/lib/zoned-time';
import { useAsset, useAssetChecks, type CheckedPlatform } from '../api/assets';
import type { TargetOptions } from '../api/create-post';
import type { PlatformInfo } from '../api/platforms';
import { applyCaptionOverride, effectiveCaption, type CaptionOverrides } from '../components/caption-overrides';
import { captionOver } from '../components/caption-rules';
import { draftOfItem, newDraft, type When } from '../components/composer-draft';
import { chosenPlatforms } from '../components/composer-form';
import { genericOptions, panelFields, type OptionValues } from '../components/option-values';
import { extensionOf } from '../components/panel-extensions';
import { useWeightedCounter } from './useWeightedCounter';

const POST_NOW_DELAY_MS = 60_000;

/** The composer's state (a new post, or a saved one), what blocks saving, and each target's options. */
export function useComposerForm(
  workspaceId: string,
  timeZone: string,
  registry: readonly PlatformInfo[],
  editing: ContentItem | undefined,
  /** A contributor's composer (issue 25): drafts only, never a time or "now". */
  draftsOnly = false,
) {
  const { t } = useTranslation();
  const [initial] = useState(() => (editing ? draftOfItem(editing, timeZone) : newDraft(timeZone)));
  const accounts = useAccounts(workspaceId);
  const [assetId, setAssetId] = useState<string | null>(initial.assetId);
  const asset = useAsset(workspaceId, assetId);
  const [selected, setSelected] = useState<string[]>(initial.selected);
  const [caption, setCaption] = useState(initial.caption);
  const [overrides, setOverrides] = useState<CaptionOverrides>(initial.overrides);
  const [chosen, setChosen] = useState<Record<string, OptionValues>>(initial.chosen);
  const [extensions, setExtensions] = useState<Record<string, unknown>>(initial.extensions);
  const [when, setWhen] = useState<When>(draftsOnly && initial.when !== 'keep' ? 'draft' : initial.when);
  const [at, setAt] = useState(initial.at);

  const connected = useMemo(
    () => (accounts.data ?? []).filter((account) => account.status === 'active' || (editing && selected.includes(account.id))),
    [accounts.data, editing, selected],
  );
  const targets = connected.filter((account) => selected.includes(account.id));
  const platforms = chosenPlatforms(registry, targets);
  // X's caption blocker counts as X does once its counter is loaded.
  useWeightedCounter(platforms);
  const checks = useAssetChecks(
    workspaceId,
    asset.data,
    platforms.map((platform) => platform.id) as CheckedPlatform[],
    targets.map((account) => account.id),
  );
  const durationMs = asset.data?.probe?.durationMs ?? null;
  const scheduledAt = when === 'schedule' ? fromDateTimeLocal(at, timeZone) : when === 'now' ? new Date(Date.now() + POST_NOW_DELAY_MS) : undefined;

  const blockers: string[] = [];
  if (targets.length === 0) blockers.push(t('composer.problems.noTarget'));
  if (when !== 'draft' && asset.data?.status !== 'ready') blockers.push(t('composer.problems.noVideo'));
  if (when !== 'draft' && checks.data?.blocking) blockers.push(t('composer.problems.qualityGate'));
  if (platforms.some((platform) => captionOver(effectiveCaption(caption, overrides, platform.id), platform.caption)))
    blockers.push(t('composer.problems.caption'));
  if (when === 'schedule' && !scheduledAt) blockers.push(t('composer.problems.noTime'));
  if (when !== 'draft') {
    for (const account of targets) {
      const extension = extensionOf(account.platform);
      const blocked = extension?.blocks(extensions[account.id] ?? extension.initial, account, durationMs);
      if (extension && blocked && !blockers.includes(t(extension.blockerKey))) blockers.push(t(extension.blockerKey));
    }
  }

  /** What the API gets for one target: saved options, the panel's fields, the extension's part, the caption override. */
  function optionsFor(account: SocialAccount): TargetOptions {
    const saved = initial.savedOptions[account.id] ?? {};
    const extension = extensionOf(account.platform);
    const fields = panelFields(registry.find((platform) => platform.id === account.platform)?.composer.fields ?? [], extension?.owns ?? []);
    let options = genericOptions(fields, chosen[account.id] ?? {}, saved, account.capabilities);
    if (extension) options = { ...options, ...extension.toOptions(extensions[account.id] ?? extension.initial, account) };
    return applyCaptionOverride(options, overrides[account.platform]);
  }

  function reset() {
    setAssetId(null);
    setCaption('');
    setOverrides({});
    setChosen({});
    setExtensions({});
  }

  return {
    initial,
    accounts,
    asset,
    assetId,
    setAssetId,
    connected,
    selected,
    setSelected,
    targets,
    platforms,
    checks,
    caption,
    setCaption,
    overrides,
    setOverrides,
    chosen,
    setChosenOf: (accountId: string, values: OptionValues) => setChosen((current) => ({ ...current, [accountId]: values })),
    extensions,
    setExtensionOf: (accountId: string, state: unknown) => setExtensions((current) => ({ ...current, [accountId]: state })),
    when,
    setWhen,
    at,
    setAt,
    scheduledAt,
    durationMs,
    blockers,
    optionsFor,
    reset,
  };
}
