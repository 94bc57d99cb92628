import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import type { SocialAccount } from '../../../shared/content/accounts';
import { instagramAccountFixture } from '../../../test/fixtures';
import type { PlatformInfo } from '../api/platforms';
import { useWeightedCounter } from '../hooks/useWeightedCounter';
import { captionCounters, captionOver } from './caption-rules';
import type { OptionValues } from './option-values';
import { PANEL_EXTENSIONS } from './panel-extensions';
import { PlatformOptionsPanel } from './PlatformOptionsPanel';
import { PlatformPreview } from './PlatformPreview';

/** GET /api/platforms' X entry, as the registry descriptor gives it (libs/publishers/src/x/platform.ts). */
const x: PlatformInfo = {
  id: 'x',
  displayName: 'X',
  composer: {
    fields: [
      {
        name: 'reply_settings',
        type: 'enum',
        labelKey: 'x.composer.replySettings',
        hidden: false,
        values: ['everyone', 'following', 'mentionedUsers', 'subscribers', 'verified'],
      },
      { name: 'made_with_ai', type: 'boolean', labelKey: 'x.composer.madeWithAi', hidden: false, default: false },
      { name: 'paid_partnership', type: 'boolean', labelKey: 'x.composer.paidPartnership', hidden: false, default: false },
    ],
    rules: [],
  },
  caption: { maxLength: 280, counting: 'x_weighted' },
  media: { containers: ['mp4', 'mov'], maxDurationSec: 140, maxBytes: 536_870_912, aspect: { min: 0.3333, max: 3, recommended: 1.7778 } },
};

const account: SocialAccount = {
  ...instagramAccountFixture,
  id: 'd4d4d4d4-0000-4000-8000-000000000004',
  platform: 'x',
  handle: 'sandbox_brand',
  displayName: 'Sandbox Brand',
  status: 'active',
};

let latest: OptionValues = {};

function Harness() {
  const [chosen, setChosen] = useState<OptionValues>({});
  latest = chosen;
  const extension = PANEL_EXTENSIONS.x;
  return (
    <PlatformOptionsPanel
      platform={x}
      account={account}
      chosen={chosen}
      saved={{}}
      onChosenChange={setChosen}
      videoDurationMs={12_000}
      errors={[]}
      {...(extension ? { extension, extensionState: extension.initial, onExtensionChange: () => undefined } : {})}
    />
  );
}

function Counter({ caption }: { caption: string }) {
  useWeightedCounter([x]);
  const [length] = captionCounters(caption, x.caption);
  return <output aria-label="length">{length?.value}</output>;
}

describe('X in the composer (registry-driven)', () => {
  it('draws its options from the schema (who can reply, made with AI, paid partnership) and says how X counts and that a link costs more', () => {
    render(<Harness />);
    fireEvent.change(screen.getByLabelText('Who can reply'), { target: { value: 'following' } });
    fireEvent.click(screen.getByLabelText('Made with AI'));
    fireEvent.click(screen.getByLabelText('Paid partnership'));
    expect(latest).toMatchObject({ reply_settings: 'following', made_with_ai: true, paid_partnership: true });
    expect(screen.getByText('A post with a link costs more on X’s pay-per-use plan.')).toBeDefined();
    expect(screen.getByText(/X counts 280 weighted characters: a link counts as 23/)).toBeDefined();
  });

  it('counts the caption as X does once its counter has loaded: a link is 23, a CJK character 2', async () => {
    const caption = `漢字 https://example.com/${'a'.repeat(100)}`;
    render(<Counter caption={caption} />);
    // 2 + 2 + 1 (space) + 23 for the link, whatever its length.
    await waitFor(() => expect(screen.getByLabelText('length').textContent).toBe('28'));
    expect(captionOver('漢'.repeat(140), x.caption)).toBe(false);
    expect(captionOver('漢'.repeat(141), x.caption)).toBe(true);
  });

  it('previews the post with the account, its handle and the whole text', () => {
    render(<PlatformPreview platform="x" account={account} caption={'Launch day 🚀 #mwr\nsecond line'} media={{ kind: 'none' }} />);
    const figure = screen.getByRole('figure', { name: /X/ });
    expect(within(figure).getByText('@sandbox_brand')).toBeDefined();
    expect(within(figure).getByText('For you')).toBeDefined();
    expect(within(figure).getByText('#mwr').tagName).toBe('STRONG');
    expect(within(figure).getByText(/second line/, { selector: '.phone-caption' })).toBeDefined();
  });
});
