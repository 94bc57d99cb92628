import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import type { OptionField, PlatformInfo } from '../api/platforms';

/** The registry's AI-disclosure option of a platform (the descriptor's `aiDisclosure` flag), if it has one. */
export function aiDisclosureField(platform: PlatformInfo | undefined): OptionField | undefined {
  return platform?.composer.fields.find((field) => field.type === 'boolean' && field.aiDisclosure === true);
}

/** A target's options with its platform's AI disclosure turned on (unchanged when the platform has none). */
export function withAiDisclosure<T extends Record<string, unknown>>(options: T, platform: PlatformInfo | undefined): T {
  const field = aiDisclosureField(platform);
  return field ? { ...options, [field.name]: true } : options;
}

export interface AiDisclosureProps {
  /** The chosen accounts' platforms. */
  platforms: readonly PlatformInfo[];
  marked: boolean;
  onMarkedChange: (marked: boolean) => void;
}

/**
 * "Made with AI" (issue 24): marking the video turns on each chosen platform's own disclosure
 * option, found from the registry (TikTok's AIGC flag, YouTube's altered or synthetic content,
 * X's made with AI), and says which platforms have none.
 */
export function AiDisclosure({ platforms, marked, onMarkedChange }: AiDisclosureProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="ai-disclosure" data-testid="ai-disclosure">
      <label className="checkbox" htmlFor={id}>
        <input id={id} type="checkbox" checked={marked} onChange={(event) => onMarkedChange(event.target.checked)} />
        {t('ai.disclosure.label')}
      </label>
      {marked && platforms.length > 0 ? (
        <>
          <p className="form-hint">{t('ai.disclosure.hint')}</p>
          <ul className="form-hint">
            {platforms.map((platform) => {
              const field = aiDisclosureField(platform);
              return (
                <li key={platform.id}>
                  {field
                    ? t('ai.disclosure.on', { platform: platform.displayName, option: t(field.labelKey as never) })
                    : t('ai.disclosure.none', { platform: platform.displayName })}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </div>
  );
}
