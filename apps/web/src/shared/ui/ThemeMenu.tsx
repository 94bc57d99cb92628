import { useTranslation } from 'react-i18next';
import { Menu, MenuRadioGroup, MenuRadioItem } from './Menu';
import { THEME_PREFERENCES, useThemePreference, type ThemePreference } from './theme';
import { buttonClassName } from './Button';

function isPreference(value: string): value is ThemePreference {
  return (THEME_PREFERENCES as readonly string[]).includes(value);
}

/** The theme switcher: System (follows the operating system), Light or Dark; remembered on this device. */
export function ThemeMenu() {
  const { t } = useTranslation();
  const [preference, setPreference] = useThemePreference();
  const current = t(`ui.theme.${preference}`);
  return (
    <Menu
      label={t('ui.theme.label')}
      side="top"
      trigger={
        <button type="button" className={buttonClassName({ variant: 'ghost', size: 'small' })} aria-label={t('ui.theme.button', { theme: current })}>
          <ThemeIcon />
          {current}
        </button>
      }
    >
      <MenuRadioGroup
        label={t('ui.theme.label')}
        value={preference}
        onValueChange={(value) => {
          if (isPreference(value)) setPreference(value);
        }}
      >
        {THEME_PREFERENCES.map((option) => (
          <MenuRadioItem key={option} value={option}>
            {t(`ui.theme.${option}`)}
          </MenuRadioItem>
        ))}
      </MenuRadioGroup>
    </Menu>
  );
}

function ThemeIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="8" />
      <path d="M12 4a8 8 0 0 0 0 16z" fill="currentColor" />
    </svg>
  );
}
