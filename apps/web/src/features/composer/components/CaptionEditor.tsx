import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Platform } from '../../../shared/content/accounts';
import { formatNumber } from '../../../shared/i18n/format';
import type { PlatformInfo } from '../api/platforms';
import { useWeightedCounter } from '../hooks/useWeightedCounter';
import { effectiveCaption, isCustomised, withoutOverride, withOverride, type CaptionOverrides } from './caption-overrides';
import { captionCounters, captionOver } from './caption-rules';

interface CaptionEditorProps {
  caption: string;
  onCaptionChange: (caption: string) => void;
  overrides: CaptionOverrides;
  onOverridesChange: (overrides: CaptionOverrides) => void;
  /** The chosen accounts' platforms (from the registry): each gets its counters, from its caption rules, and can be customised. */
  platforms: readonly PlatformInfo[];
  /** The API's messages on the shared caption. */
  errors?: readonly string[];
  /** The API's messages on each platform's override. */
  platformErrors?: Partial<Record<Platform, readonly string[]>>;
}

function Counters({ id, platform, caption }: { id: string; platform: PlatformInfo; caption: string }) {
  const { t } = useTranslation();
  return (
    <ul className="counters" id={id} aria-label={t('composer.counters.labelOf', { platform: platform.displayName })}>
      {captionCounters(caption, platform.caption).map((counter) => (
        <li key={counter.kind} className={counter.value > counter.max ? 'counter counter--over' : 'counter'}>
          {t(`composer.counters.${counter.kind}`, { platform: platform.displayName, value: formatNumber(counter.value), max: formatNumber(counter.max) })}
        </li>
      ))}
    </ul>
  );
}

interface PlatformCaptionProps {
  platform: PlatformInfo;
  shared: string;
  overrides: CaptionOverrides;
  onOverridesChange: (overrides: CaptionOverrides) => void;
  countersId: string;
  errors: readonly string[];
}

/**
 * One platform's caption: the shared one until "Customise", then its own text, which starts as
 * the shared caption and stops following it at the first edit. "Reset" inherits again.
 */
function PlatformCaption({ platform: info, shared, overrides, onOverridesChange, countersId, errors }: PlatformCaptionProps) {
  const { t } = useTranslation();
  const id = useId();
  const platform = info.id;
  const label = info.displayName;
  const customised = isCustomised(overrides, platform);
  const [expanded, setExpanded] = useState(customised);
  // The button pressed is replaced by the other one: keyboard focus moves to what comes next.
  const focusNext = useRef(false);
  const takeFocus = (node: HTMLElement | null) => {
    if (node && focusNext.current) {
      focusNext.current = false;
      node.focus();
    }
  };
  const open = expanded || customised;
  const effective = effectiveCaption(shared, overrides, platform);
  const over = captionOver(effective, info.caption);

  return (
    <div className="caption-platform" role="group" aria-label={t('composer.override.groupOf', { platform: label })}>
      <div className="caption-platform-head">
        <span className={`platform-badge platform-badge--${platform}`}>{label}</span>
        <span className="muted caption-platform-state" aria-live="polite">
          {customised ? t('composer.override.customised') : t('composer.override.inherited')}
        </span>
        {!open ? (
          <button
            ref={takeFocus}
            type="button"
            className="button button--ghost button--small"
            aria-expanded={false}
            onClick={() => {
              focusNext.current = true;
              setExpanded(true);
            }}
          >
            {t('composer.override.customise', { platform: label })}
          </button>
        ) : (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => {
              focusNext.current = true;
              onOverridesChange(withoutOverride(overrides, platform));
              setExpanded(false);
            }}
          >
            {t('composer.override.reset')}
          </button>
        )}
      </div>
      {open ? (
        <>
          <label className="form-label" htmlFor={`${id}-text`}>
            {t('composer.override.captionFor', { platform: label })}
          </label>
          <textarea
            ref={takeFocus}
            id={`${id}-text`}
            className="input textarea"
            rows={4}
            value={overrides[platform] ?? shared}
            onChange={(event) => onOverridesChange(withOverride(overrides, platform, event.target.value))}
            aria-describedby={countersId}
            aria-invalid={over || errors.length > 0 || undefined}
          />
        </>
      ) : null}
      <Counters id={countersId} platform={info} caption={effective} />
      {errors.length > 0 ? <p className="form-errors">{errors.join(' ')}</p> : null}
    </div>
  );
}

/** The shared caption and, per chosen platform, its counters and its optional own caption. */
export function CaptionEditor({ caption, onCaptionChange, overrides, onOverridesChange, platforms, errors = [], platformErrors = {} }: CaptionEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  useWeightedCounter(platforms);
  const countersId = (platform: PlatformInfo) => `${id}-counters-${platform.id}`;
  // The shared caption's limits are those of the platforms that still use it.
  const inheriting = platforms.filter((platform) => !isCustomised(overrides, platform.id));
  const sharedOver = inheriting.some((platform) => captionOver(effectiveCaption(caption, overrides, platform.id), platform.caption));

  return (
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
        onChange={(event) => onCaptionChange(event.target.value)}
        aria-describedby={[`${id}-hint`, ...inheriting.map(countersId)].join(' ')}
        aria-invalid={sharedOver || errors.length > 0 || undefined}
      />
      <p className="form-hint" id={`${id}-hint`}>
        {platforms.length > 0 ? t('composer.override.sharedHint') : t('composer.override.chooseAccounts')}
      </p>
      {errors.length > 0 ? <p className="form-errors">{errors.join(' ')}</p> : null}
      {platforms.map((platform) => (
        <PlatformCaption
          key={platform.id}
          platform={platform}
          shared={caption}
          overrides={overrides}
          onOverridesChange={onOverridesChange}
          countersId={countersId(platform)}
          errors={platformErrors[platform.id] ?? []}
        />
      ))}
    </fieldset>
  );
}
