import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

import { en } from './locales/en';
import { fr } from './locales/fr';

/** The languages of the UI; a user's profile holds one of them. */
export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Before sign-in: the browser's language when we have it, else English. */
export function browserLocale(language: string | undefined = globalThis.navigator?.language): Locale {
  return language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/**
 * The one i18next instance of the SPA. Both locales are bundled (a few KB gzip each): switching
 * language is synchronous and never shows keys.
 */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: browserLocale(),
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

/** The current UI locale (always one of LOCALES). */
export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'en';
}

/** Switches the UI language in place (no reload) and tells assistive tech via <html lang>. */
export function applyLocale(locale: string | null | undefined): void {
  const next = isLocale(locale) ? locale : browserLocale();
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  if (i18n.language !== next) void i18n.changeLanguage(next);
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
