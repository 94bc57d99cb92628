import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { THEME_PREFERENCES, useThemePreference } from './theme';

/**
 * The theme switcher: System (follows the operating system), Light or Dark, remembered on this
 * device. Native radio buttons drawn as a segmented control: arrow keys move between them, and it
 * costs nothing in the first load (it sits in the sidebar of every screen).
 */
export function ThemeSwitcher() {
  const { t } = useTranslation();
  const [preference, setPreference] = useThemePreference();
  const name = useId();
  return (
    <fieldset className="theme-switcher">
      <legend className="theme-switcher-legend">{t('ui.theme.label')}</legend>
      <div className="segmented-control">
        {THEME_PREFERENCES.map((option) => (
          <label key={option} className="segmented-option">
            <input type="radio" name={name} value={option} checked={preference === option} onChange={() => setPreference(option)} />
            <span>{t(`ui.theme.${option}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
