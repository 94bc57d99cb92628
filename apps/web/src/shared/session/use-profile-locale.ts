import { useEffect } from 'react';

import { applyLocale } from '../i18n/i18n';
import { useMe } from './me';

/**
 * Keeps the UI language on the signed-in user's profile locale: set when `me` loads, and again
 * whenever the profile changes (Settings → Profile → Language), without a reload.
 */
export function useProfileLocale(): void {
  const { data: me } = useMe();
  const locale = me.user.locale;
  useEffect(() => {
    void applyLocale(locale);
  }, [locale]);
}
