/**
 * Whether a trend is in one of the workspace's languages, from what can honestly be known:
 * first the language a source declares (YouTube's `snippet.defaultAudioLanguage`), else the
 * writing system of its label — a Japanese hashtag is not a French workspace's, but a Latin one
 * could be French or English, which the label alone cannot tell (then it is a script match only,
 * and said so). No guessing model, no text sent anywhere.
 */

/** How the answer was reached: a source said the language, or only the label's script was compared. */
export type LanguageBasis = 'source' | 'script';

export interface LanguageMatch {
  match: boolean | null;
  basis: LanguageBasis | null;
  /** The languages the sources declared (primary subtags), for the evidence. */
  declared: string[];
}

/** The writing system of the languages a workspace is likely to target (primary subtag → script). */
const SCRIPT_OF_LANGUAGE: Readonly<Record<string, string>> = {
  ar: 'Arabic',
  fa: 'Arabic',
  ur: 'Arabic',
  he: 'Hebrew',
  yi: 'Hebrew',
  el: 'Greek',
  ru: 'Cyrillic',
  uk: 'Cyrillic',
  bg: 'Cyrillic',
  sr: 'Cyrillic',
  mk: 'Cyrillic',
  be: 'Cyrillic',
  kk: 'Cyrillic',
  hi: 'Devanagari',
  mr: 'Devanagari',
  ne: 'Devanagari',
  bn: 'Bengali',
  ta: 'Tamil',
  te: 'Telugu',
  th: 'Thai',
  ko: 'Hangul',
  ja: 'Japanese',
  zh: 'Han',
  ka: 'Georgian',
  hy: 'Armenian',
  am: 'Ethiopic',
};
/** Scripts a label's letters are told apart by (Han letters alone may be Chinese or Japanese). */
const SCRIPTS: readonly [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Bengali', /\p{Script=Bengali}/u],
  ['Tamil', /\p{Script=Tamil}/u],
  ['Telugu', /\p{Script=Telugu}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Han', /\p{Script=Han}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
];

const primary = (tag: string): string => tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
const scriptOfLanguage = (language: string): string => SCRIPT_OF_LANGUAGE[primary(language)] ?? 'Latin';

/** The scripts of a label's letters (digits, `#`, `_`, emoji and punctuation say nothing). */
export function labelScripts(label: string): Set<string> {
  const found = new Set<string>();
  for (const char of label) {
    if (!/\p{L}/u.test(char)) continue;
    const script = SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0];
    if (script) found.add(script);
  }
  return found;
}

/** Does a language write with these scripts? Japanese mixes kana and Han; Chinese is Han alone. */
function writes(language: string, scripts: Set<string>): boolean {
  const own = scriptOfLanguage(language);
  if (own === 'Japanese') return [...scripts].every((s) => s === 'Kana' || s === 'Han' || s === 'Latin') && (scripts.has('Kana') || scripts.has('Han'));
  if (own === 'Han') return [...scripts].every((s) => s === 'Han' || s === 'Latin') && scripts.has('Han');
  return scripts.has(own);
}

/**
 * `workspaceLanguages` empty: not set, so no answer (null). Declared languages decide when there
 * are any; else the label's script: none of the workspace's languages writes it → false; one
 * does → true, on the script's word only (`basis: 'script'`).
 */
export function languageMatch(label: string, declaredLanguages: readonly (string | null | undefined)[], workspaceLanguages: readonly string[]): LanguageMatch {
  const declared = [...new Set(declaredLanguages.filter((l): l is string => typeof l === 'string' && l.trim() !== '').map(primary))].sort();
  if (workspaceLanguages.length === 0) return { match: null, basis: null, declared };
  const targeted = new Set(workspaceLanguages.map(primary));
  if (declared.length > 0) return { match: declared.some((l) => targeted.has(l)), basis: 'source', declared };
  const scripts = labelScripts(label);
  if (scripts.size === 0) return { match: null, basis: null, declared };
  return { match: [...targeted].some((l) => writes(l, scripts)), basis: 'script', declared };
}
