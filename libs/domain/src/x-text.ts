/**
 * X's weighted character count (issue #23): 280 weighted characters, URLs counted as 23, CJK and
 * most emoji as 2 — counted by X's own `twitter-text` package rather than by a counter of ours.
 *
 * A separate entry (`@mwr/domain/x-text`), not part of the domain's index: twitter-text carries
 * core-js polyfills and Unicode tables the SPA's first screen must not load (initial JS budget,
 * issue #32). The API and the publishers import it directly; the SPA with a dynamic `import()`.
 */
import twitterText from 'twitter-text';

import { checkCaption as checkCaptionBy, type CaptionFinding } from './caption-rules.js';
import type { Platform } from './platform.js';

/** X's limit in weighted characters (`twitter-text`'s default configuration, v3). */
export const X_MAX_WEIGHTED_LENGTH = 280;

/** The post's length as X counts it (`parseTweet(text).weightedLength`). */
export function xWeightedLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}

/** The caption checks of every platform, X's length counted by weight (what the API and publishers use). */
export function checkCaption(platform: Platform, caption: string): CaptionFinding[] {
  return checkCaptionBy(platform, caption, xWeightedLength);
}
