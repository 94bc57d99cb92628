import { useTranslation } from 'react-i18next';

import type { SocialAccount } from '../../../shared/content/accounts';
import type { PlatformInfo } from '../api/platforms';
import { fieldValue, panelFields, type OptionValues } from './option-values';
import { OptionFieldInput } from './OptionFieldInput';
import type { PanelExtension } from './panel-extensions';

interface PlatformOptionsPanelProps {
  platform: PlatformInfo;
  account: SocialAccount;
  /** What was chosen in this panel's generic fields, and what the target had saved. */
  chosen: OptionValues;
  saved: OptionValues;
  onChosenChange: (chosen: OptionValues) => void;
  /** The platform's extension (panel-extensions.tsx), with its state. */
  extension?: PanelExtension<unknown>;
  extensionState?: unknown;
  onExtensionChange?: (state: unknown) => void;
  videoDurationMs: number | null;
  /** The API's messages for this target's fields. */
  errors: readonly string[];
}

/** One selected account's options: the registry schema's fields by type, then the platform's extension. */
export function PlatformOptionsPanel(props: PlatformOptionsPanelProps) {
  const { platform, account, chosen, saved, onChosenChange, extension, extensionState, onExtensionChange, videoDurationMs, errors } = props;
  const { t } = useTranslation();
  const capabilities = account.capabilities;
  const fields = panelFields(platform.composer.fields, extension?.owns ?? []);
  const current: Record<string, unknown> = {};
  for (const field of platform.composer.fields) current[field.name] = fieldValue(field, chosen, saved);

  return (
    <fieldset
      className={['composer-section', extension?.className].filter(Boolean).join(' ')}
      aria-label={t('composer.optionsOf', { platform: platform.displayName, handle: account.handle })}
    >
      <legend className="composer-section-title">
        <span className={`platform-badge platform-badge--${platform.id}`}>{platform.displayName}</span>{' '}
        {extension?.showsCreator ? (
          <>
            {account.displayName ?? account.handle} <span className="muted">@{account.handle}</span>
          </>
        ) : (
          `@${account.handle}`
        )}
      </legend>
      {extension?.showsCreator && account.avatarUrl ? <img className="avatar avatar--small" src={account.avatarUrl} alt="" width={32} height={32} /> : null}
      {fields.map((field) => (
        <OptionFieldInput
          key={field.name}
          field={field}
          value={current[field.name]}
          onChange={(value) => onChosenChange({ ...chosen, [field.name]: value })}
          capabilities={capabilities}
          rules={platform.composer.rules}
          current={current}
        />
      ))}
      {extension && onExtensionChange ? (
        <extension.Body
          account={account}
          choices={extensionState ?? extension.initial}
          onChange={onExtensionChange}
          videoDurationMs={videoDurationMs}
          errors={errors}
        />
      ) : errors.length > 0 ? (
        <p className="form-errors">{errors.join(' ')}</p>
      ) : null}
    </fieldset>
  );
}
