import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import type { SocialAccount } from '../../../shared/content/accounts';
import { tiktokAccountFixture } from '../../../test/fixtures';
import { INITIAL_TIKTOK_CHOICES, tiktokCapabilities, tiktokOptions, type TikTokChoices } from './tiktok-rules';
import { TikTokSection } from './TikTokSection';

const creator: SocialAccount = {
  ...tiktokAccountFixture,
  capabilities: {
    privacyLevelOptions: ['PUBLIC_TO_EVERYONE', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'],
    maxVideoPostDurationSec: 60,
    commentDisabled: false,
    duetDisabled: true,
    stitchDisabled: false,
  },
};

let latest: TikTokChoices = INITIAL_TIKTOK_CHOICES;

function Harness({ durationMs = 30_000 }: { durationMs?: number }) {
  const [choices, setChoices] = useState(INITIAL_TIKTOK_CHOICES);
  latest = choices;
  return <TikTokSection account={creator} choices={choices} onChange={setChoices} videoDurationMs={durationMs} />;
}

describe('TikTok section (Content Sharing Guidelines)', () => {
  it('has no default privacy level, and requires one', () => {
    render(<Harness />);
    const privacy = screen.getByLabelText('Who can view this video') as HTMLSelectElement;
    expect(privacy.value).toBe('');
    expect(screen.getByText('Choose who can view this video.')).toBeDefined();
    expect([...privacy.options].map((option) => option.textContent)).toEqual(['Choose who can view it', 'Everyone', 'Followers', 'Only me']);
    fireEvent.change(privacy, { target: { value: 'FOLLOWER_OF_CREATOR' } });
    expect(screen.queryByText('Choose who can view this video.')).toBeNull();
  });

  it('starts comment/duet/stitch unchecked, and disables those the creator turned off', () => {
    render(<Harness />);
    const comment = screen.getByLabelText('Comment') as HTMLInputElement;
    const duet = screen.getByLabelText('Duet') as HTMLInputElement;
    const stitch = screen.getByLabelText('Stitch') as HTMLInputElement;
    expect([comment.checked, duet.checked, stitch.checked]).toEqual([false, false, false]);
    expect([comment.disabled, duet.disabled, stitch.disabled]).toEqual([false, true, false]);
    fireEvent.click(comment);
    expect(tiktokOptions(latest, tiktokCapabilities(creator.capabilities))).toMatchObject({
      disableComment: false,
      disableDuet: true,
      disableStitch: true,
    });
  });

  it('keeps commercial disclosure off by default; branded content cannot be private', () => {
    render(<Harness />);
    const disclose = screen.getByLabelText('Disclose video content') as HTMLInputElement;
    expect(disclose.checked).toBe(false);
    expect(screen.queryByLabelText('Your brand')).toBeNull();
    fireEvent.change(screen.getByLabelText('Who can view this video'), { target: { value: 'SELF_ONLY' } });
    fireEvent.click(disclose);
    expect(screen.getByText('You need to indicate if your content promotes yourself, a third party, or both.')).toBeDefined();
    fireEvent.click(screen.getByLabelText('Branded content'));
    expect(screen.getByText('Branded content visibility cannot be set to private.')).toBeDefined();
    const onlyMe = screen.getByRole('option', { name: 'Only me' }) as HTMLOptionElement;
    expect(onlyMe.disabled).toBe(true);
    expect(screen.getByText("By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.")).toBeDefined();
    expect(screen.getByText('Your video will be labeled “Paid partnership”.')).toBeDefined();
  });

  it('shows the Music Usage Confirmation line and blocks videos longer than the creator may post', () => {
    render(<Harness durationMs={61_000} />);
    expect(screen.getByText("By posting, you agree to TikTok's Music Usage Confirmation.")).toBeDefined();
    expect(screen.getByText('This video is longer than this creator may post (1:00).')).toBeDefined();
  });
});
