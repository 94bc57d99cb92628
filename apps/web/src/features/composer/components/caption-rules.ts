import type { CaptionRules } from '../api/platforms';

/**
 * Caption counters, from each platform's caption rules in the registry (GET /api/platforms):
 * the length counted the way the platform counts it (UTF-16 code units, characters = code
 * points, or X's weighted count), and its hashtag and mention caps when it has them.
 */
export interface Counter {
  /** i18n key suffix under composer.counters. */
  kind: 'length' | 'hashtags' | 'mentions';
  value: number;
  max: number;
}

const HASHTAG = /(?:^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_.])@[\p{L}\p{N}_.]+/gu;

export function utf16Length(text: string): number {
  return text.length;
}

export function characterCount(text: string): number {
  return [...text].length;
}

export function countHashtags(text: string): number {
  return [...text.matchAll(HASHTAG)].length;
}

export function countMentions(text: string): number {
  return [...text.matchAll(MENTION)].length;
}

/**
 * X's weighted count (twitter-text, `@mwr/domain/x-text`: the API's own count), loaded the first
 * time a chosen platform counts that way — never part of the first screen's JavaScript. Until it
 * has loaded, characters are counted.
 */
let weightedLength: ((text: string) => number) | undefined;
let loadingWeighted: Promise<void> | undefined;

export function loadWeightedCounter(): Promise<void> {
  loadingWeighted ??= import('@mwr/domain/x-text').then((module) => {
    weightedLength = module.xWeightedLength;
  });
  return loadingWeighted;
}

export const weightedCounterLoaded = (): boolean => weightedLength !== undefined;

const LENGTH: Record<CaptionRules['counting'], (text: string) => number> = {
  utf16_units: utf16Length,
  characters: characterCount,
  x_weighted: (text) => (weightedLength ?? characterCount)(text),
};

/** One platform's counters, in display order: length, then hashtags and mentions where capped. */
export function captionCounters(caption: string, rules: CaptionRules): Counter[] {
  const counters: Counter[] = [{ kind: 'length', value: LENGTH[rules.counting](caption), max: rules.maxLength }];
  if (rules.maxHashtags !== undefined) counters.push({ kind: 'hashtags', value: countHashtags(caption), max: rules.maxHashtags });
  if (rules.maxMentions !== undefined) counters.push({ kind: 'mentions', value: countMentions(caption), max: rules.maxMentions });
  return counters;
}

export function isOver(counter: Counter): boolean {
  return counter.value > counter.max;
}

/** Whether a caption breaks any of the platform's limits. */
export function captionOver(caption: string, rules: CaptionRules): boolean {
  return captionCounters(caption, rules).some(isOver);
}
