import i18next, { type BackendModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';

import type { en } from './locales/en';

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
 * Each locale is its own chunk (13 KB gzip for English, 15 KB for French), loaded
 * when first used: the initial JS carries no words (issue #32, bench:web). i18next asks this
 * backend before it switches language, so the UI keeps the previous language until the new one
 * is there and never shows keys.
 */
const LOCALE_LOADERS: Record<Locale, () => Promise<ResourceKey>> = {
  en: () => import('./locales/en').then((module) => module.en),
  fr: () => import('./locales/fr').then((module) => module.fr),
};

const lazyLocales: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, _namespace, callback) {
    if (!isLocale(language)) return callback(null, {});
    LOCALE_LOADERS[language]().then(
      (messages) => callback(null, messages),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  },
};

/** The one i18next instance of the SPA. */
export const i18n = i18next.createInstance();

/**
 * Settles once the first locale (the browser's) is loaded: main.tsx renders after it. No
 * fallback language: `fr.ts` has every key of `en.ts` (its type and `locales.spec.ts` check it),
 * so a French page never needs the English chunk too.
 */
export const i18nReady: Promise<unknown> = i18n
  .use(lazyLocales)
  .use(initReactI18next)
  .init({
    lng: browserLocale(),
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false },
    returnNull: false,
  });

/** The current UI locale (always one of LOCALES). */
export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'en';
}

/**
 * Switches the UI language in place (no reload; its chunk loads first if needed) and tells
 * assistive tech via <html lang>. Settles once the new language shows.
 */
export async function applyLocale(locale: string | null | undefined): Promise<void> {
  const next = isLocale(locale) ? locale : browserLocale();
  if (i18n.language !== next) await i18n.changeLanguage(next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
