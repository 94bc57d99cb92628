import type { ParseKeys } from 'i18next';
import type { ComponentType } from 'react';

import type { Platform, SocialAccount } from '../../../shared/content/accounts';
import type { TargetOptions } from '../api/create-post';
import { INITIAL_TIKTOK_CHOICES, tiktokCapabilities, tiktokChoicesOf, tiktokOptions, tiktokProblems, type TikTokChoices } from './tiktok-rules';
import { TikTokSection } from './TikTokSection';
import { XSection } from './XSection';
import { YouTubeSection } from './YouTubeSection';

/**
 * What a platform's options panel adds to the generic one (fields by type from the registry's
 * schema): content its platform's rules ask for that a schema cannot say — TikTok's Content
 * Sharing Guidelines (creator_info's choices shown as "allow" boxes, no default privacy, the
 * commercial disclosure and its labels). The extension draws the fields it `owns`, keeps its own
 * state and turns it into the target's options.
 */
export interface PanelExtension<S> {
  /** Option fields the extension draws itself (the generic panel leaves them out). */
  owns: readonly string[];
  /** The panel's heading shows the creator (display name and avatar), as the guidelines ask. */
  showsCreator?: boolean;
  className?: string;
  initial: S;
  /** Back from a saved target's options. */
  fromSaved(options: TargetOptions): S;
  /** Its part of the target's options. */
  toOptions(state: S, account: SocialAccount): TargetOptions;
  /** Whether it still blocks scheduling (shown as `blockerKey`). */
  blocks(state: S, account: SocialAccount, videoDurationMs: number | null): boolean;
  blockerKey: ParseKeys;
  /** A line under the result once scheduled. */
  scheduledNoteKey?: ParseKeys;
  Body: ComponentType<{ account: SocialAccount; choices: S; onChange: (state: S) => void; videoDurationMs: number | null; errors?: readonly string[] }>;
}

/** Hides an extension's state type behind `unknown` in the map; each entry is typed where it is written. */
function extension<S>(e: PanelExtension<S>): PanelExtension<unknown> {
  return e as unknown as PanelExtension<unknown>;
}

/** The per-platform extensions, one line per platform that has one. */
export const PANEL_EXTENSIONS: Partial<Record<Platform, PanelExtension<unknown>>> = {
  tiktok: extension<TikTokChoices>({
    owns: ['privacyLevel', 'disableComment', 'disableDuet', 'disableStitch', 'brandContentToggle', 'brandOrganicToggle'],
    showsCreator: true,
    className: 'tiktok-section',
    initial: INITIAL_TIKTOK_CHOICES,
    fromSaved: tiktokChoicesOf,
    toOptions: (choices, account) => tiktokOptions(choices, tiktokCapabilities(account.capabilities)),
    blocks: (choices, account, durationMs) => tiktokProblems(choices, tiktokCapabilities(account.capabilities), durationMs).length > 0,
    blockerKey: 'composer.problems.tiktok',
    scheduledNoteKey: 'composer.tiktok.mayTakeMinutes',
    Body: TikTokSection,
  }),
  // Notes only: every YouTube option is a field of the registry's schema.
  youtube: extension<null>({
    owns: [],
    initial: null,
    fromSaved: () => null,
    toOptions: () => ({}),
    blocks: () => false,
    blockerKey: 'youtube.composer.madeForKids',
    Body: ({ videoDurationMs }) => <YouTubeSection videoDurationMs={videoDurationMs} />,
  }),
  // Notes only: every X option is a field of the registry's schema.
  x: extension<null>({
    owns: [],
    initial: null,
    fromSaved: () => null,
    toOptions: () => ({}),
    blocks: () => false,
    blockerKey: 'x.composer.replySettings',
    Body: () => <XSection />,
  }),
};

export function extensionOf(platform: Platform): PanelExtension<unknown> | undefined {
  return PANEL_EXTENSIONS[platform];
}
