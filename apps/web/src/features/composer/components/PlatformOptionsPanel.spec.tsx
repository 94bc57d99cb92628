import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import type { SocialAccount } from '../../../shared/content/accounts';
import { instagramAccountFixture, platformFixture, tiktokAccountFixture } from '../../../test/fixtures';
import type { PlatformInfo } from '../api/platforms';
import type { OptionValues } from './option-values';
import { PANEL_EXTENSIONS } from './panel-extensions';
import { PlatformOptionsPanel } from './PlatformOptionsPanel';

const creator: SocialAccount = {
  ...tiktokAccountFixture,
  capabilities: {
    privacyLevelOptions: ['PUBLIC_TO_EVERYONE', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'],
    commentDisabled: false,
    duetDisabled: true,
    stitchDisabled: false,
  },
};

let latest: OptionValues = {};

/** The generic panel alone (no extension), on a platform's registry schema. */
function Harness({ platform, account, saved = {} }: { platform: PlatformInfo; account: SocialAccount; saved?: OptionValues }) {
  const [chosen, setChosen] = useState<OptionValues>({});
  latest = chosen;
  return (
    <PlatformOptionsPanel platform={platform} account={account} chosen={chosen} saved={saved} onChosenChange={setChosen} videoDurationMs={null} errors={[]} />
  );
}

describe('platform options panel (generic, from the registry schema)', () => {
  it('renders a select from an enum field, offering only the values the account capability allows', () => {
    render(<Harness platform={platformFixture('tiktok')} account={creator} />);
    const privacy = screen.getByLabelText('Who can view this video') as HTMLSelectElement;
    expect(privacy.tagName).toBe('SELECT');
    expect(privacy.value).toBe('');
    const enabled = [...privacy.options].filter((option) => !option.disabled).map((option) => option.value);
    expect(enabled).toEqual(['PUBLIC_TO_EVERYONE', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY']);
    fireEvent.change(privacy, { target: { value: 'FOLLOWER_OF_CREATOR' } });
    expect(latest).toMatchObject({ privacyLevel: 'FOLLOWER_OF_CREATOR' });
  });

  it('renders a toggle from a boolean field, and locks one the account capability forces', () => {
    render(<Harness platform={platformFixture('tiktok')} account={creator} />);
    const comments = screen.getByLabelText('Turn comments off') as HTMLInputElement;
    const duets = screen.getByLabelText('Turn duets off') as HTMLInputElement;
    expect(comments.type).toBe('checkbox');
    expect([comments.checked, comments.disabled]).toEqual([false, false]);
    // The creator turned duets off: the option is on and cannot be changed.
    expect([duets.checked, duets.disabled]).toEqual([true, true]);
    expect(screen.getAllByText('Set by this account’s settings')).toHaveLength(1);
    fireEvent.click(comments);
    expect(latest).toMatchObject({ disableComment: true });
  });

  it('disables a value a cross-field rule forbids: branded content cannot be private', () => {
    render(<Harness platform={platformFixture('tiktok')} account={creator} />);
    const onlyMe = () => screen.getByRole('option', { name: 'SELF_ONLY' }) as HTMLOptionElement;
    expect(onlyMe().disabled).toBe(false);
    fireEvent.click(screen.getByLabelText('Branded content'));
    expect(onlyMe().disabled).toBe(true);
  });

  it("starts a boolean at the saved value, else the schema's default; leaves out hidden fields", () => {
    const { unmount } = render(<Harness platform={platformFixture('instagram')} account={instagramAccountFixture} />);
    expect((screen.getByLabelText('Also share to the feed') as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByLabelText('Cover image URL')).toBeNull();
    expect(screen.getByRole('group', { name: `Instagram options for @${instagramAccountFixture.handle}` })).toBeDefined();
    unmount();
    render(<Harness platform={platformFixture('instagram')} account={instagramAccountFixture} saved={{ shareToFeed: false }} />);
    expect((screen.getByLabelText('Also share to the feed') as HTMLInputElement).checked).toBe(false);
  });

  it("leaves the fields a platform's extension draws to it", () => {
    const extension = PANEL_EXTENSIONS.tiktok;
    render(
      <PlatformOptionsPanel
        platform={platformFixture('tiktok')}
        account={creator}
        chosen={{}}
        saved={{}}
        onChosenChange={() => undefined}
        extension={extension}
        extensionState={extension?.initial}
        onExtensionChange={() => undefined}
        videoDurationMs={null}
        errors={[]}
      />,
    );
    expect(screen.queryByLabelText('Turn comments off')).toBeNull();
    expect(screen.getByLabelText('Comment')).toBeDefined();
    expect(screen.getAllByLabelText('Who can view this video')).toHaveLength(1);
  });
});
