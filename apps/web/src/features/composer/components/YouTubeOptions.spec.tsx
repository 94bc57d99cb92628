import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import type { SocialAccount } from '../../../shared/content/accounts';
import { instagramAccountFixture } from '../../../test/fixtures';
import type { PlatformInfo } from '../api/platforms';
import type { OptionValues } from './option-values';
import { PANEL_EXTENSIONS } from './panel-extensions';
import { PlatformOptionsPanel } from './PlatformOptionsPanel';
import { PlatformPreview } from './PlatformPreview';

/** GET /api/platforms' YouTube entry, as the registry descriptor gives it (libs/publishers/src/youtube/platform.ts). */
const youtube: PlatformInfo = {
  id: 'youtube',
  displayName: 'YouTube',
  composer: {
    fields: [
      {
        name: 'title',
        type: 'text',
        labelKey: 'youtube.composer.title',
        hidden: false,
        maxLength: 100,
        itemPattern: '^[^<>]*\\S[^<>]*$',
        itemMessage: 'no < >',
      },
      { name: 'privacyStatus', type: 'enum', labelKey: 'youtube.composer.privacyStatus', hidden: false, values: ['public', 'unlisted', 'private'] },
      {
        name: 'selfDeclaredMadeForKids',
        type: 'enum',
        labelKey: 'youtube.composer.madeForKids',
        hidden: false,
        values: ['not_made_for_kids', 'made_for_kids'],
      },
      { name: 'containsSyntheticMedia', type: 'boolean', labelKey: 'youtube.composer.syntheticMedia', hidden: false, default: false },
      { name: 'notifySubscribers', type: 'boolean', labelKey: 'youtube.composer.notifySubscribers', hidden: false, default: true },
      { name: 'categoryId', type: 'enum', labelKey: 'youtube.composer.category', hidden: true, values: ['22'] },
    ],
    rules: [],
  },
  caption: { maxLength: 5000, counting: 'characters' },
  media: { containers: ['mp4', 'mov', 'webm'], maxDurationSec: 900, maxBytes: 274_877_906_944, aspect: { min: 0.5625, max: 1.7778, recommended: 0.5625 } },
};

const channel: SocialAccount = {
  ...instagramAccountFixture,
  id: 'c3c3c3c3-0000-4000-8000-000000000003',
  platform: 'youtube',
  handle: 'sandboxshorts',
  displayName: 'Sandbox Shorts',
  status: 'active',
};

let latest: OptionValues = {};

function Harness({ videoDurationMs }: { videoDurationMs: number | null }) {
  const [chosen, setChosen] = useState<OptionValues>({});
  latest = chosen;
  const extension = PANEL_EXTENSIONS.youtube;
  return (
    <PlatformOptionsPanel
      platform={youtube}
      account={channel}
      chosen={chosen}
      saved={{}}
      onChosenChange={setChosen}
      videoDurationMs={videoDurationMs}
      errors={[]}
      {...(extension ? { extension, extensionState: extension.initial, onExtensionChange: () => undefined } : {})}
    />
  );
}

describe('YouTube in the composer (registry-driven)', () => {
  it('draws its options from the schema: the title as text, visibility and the made-for-kids choice as selects with no default', () => {
    render(<Harness videoDurationMs={30_000} />);
    const title = screen.getByLabelText('Title') as HTMLInputElement;
    expect(title.type).toBe('text');
    fireEvent.change(title, { target: { value: 'My first Short' } });
    const kids = screen.getByLabelText('Made for kids?') as HTMLSelectElement;
    expect(kids.value).toBe('');
    fireEvent.change(kids, { target: { value: 'not_made_for_kids' } });
    fireEvent.change(screen.getByLabelText('Visibility'), { target: { value: 'unlisted' } });
    fireEvent.click(screen.getByLabelText('Notify subscribers'));
    expect(latest).toMatchObject({ title: 'My first Short', selfDeclaredMadeForKids: 'not_made_for_kids', privacyStatus: 'unlisted' });
    expect(screen.queryByLabelText('Category')).toBeNull();
    expect(screen.getByText('YouTube ignores custom thumbnails on Shorts: the cover frame is not sent.')).toBeDefined();
    expect(screen.queryByText(/YouTube will publish it as a regular video/)).toBeNull();
  });

  it('warns that a video over 3 minutes is not a Short', () => {
    render(<Harness videoDurationMs={181_000} />);
    expect(screen.getByRole('status').textContent).toMatch(/Not a Short .*YouTube will publish it as a regular video/);
  });

  it('previews a Short with the channel, the first line as title and Subscribe', () => {
    render(<PlatformPreview platform="youtube" account={channel} caption={'Behind the scenes #shorts\nmore text'} media={{ kind: 'none' }} />);
    const figure = screen.getByRole('figure', { name: /YouTube/ });
    expect(within(figure).getByText('@sandboxshorts')).toBeDefined();
    expect(within(figure).getByText('Shorts')).toBeDefined();
    expect(within(figure).getByText('Subscribe')).toBeDefined();
    expect(within(figure).getByText('#shorts').tagName).toBe('STRONG');
    expect(within(figure).queryByText(/more text/, { selector: '.phone-caption' })).toBeNull();
  });
});
