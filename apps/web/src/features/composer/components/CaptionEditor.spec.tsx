import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import type { Platform } from '../../../shared/content/accounts';
import { platformFixture } from '../../../test/fixtures';
import type { CaptionOverrides } from './caption-overrides';
import { CaptionEditor } from './CaptionEditor';

let latest: CaptionOverrides = {};

function Harness({ platforms = ['tiktok', 'instagram'] }: { platforms?: Platform[] }) {
  const [caption, setCaption] = useState('Shared words');
  const [overrides, setOverrides] = useState<CaptionOverrides>({});
  latest = overrides;
  return (
    <CaptionEditor
      caption={caption}
      onCaptionChange={setCaption}
      overrides={overrides}
      onOverridesChange={setOverrides}
      platforms={platforms.map(platformFixture)}
    />
  );
}

const group = (name: string) => screen.getByRole('group', { name });
const type = (element: HTMLElement, value: string) => fireEvent.change(element, { target: { value } });

describe('caption overrides per platform', () => {
  it('shows the inherited caption until edited, then keeps its own text; reset inherits again', () => {
    render(<Harness />);
    const shared = screen.getByLabelText('Caption', { selector: 'textarea' });
    expect(within(group('TikTok caption')).getByText('Uses the shared caption')).toBeDefined();
    expect(screen.queryByLabelText('Caption for TikTok')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Customise for TikTok' }));
    const tiktok = screen.getByLabelText('Caption for TikTok') as HTMLTextAreaElement;
    expect(tiktok.value).toBe('Shared words');
    expect(document.activeElement).toBe(tiktok);
    // Not edited yet: it still follows the shared caption.
    type(shared, 'Shared, edited');
    expect(tiktok.value).toBe('Shared, edited');
    expect(latest).toEqual({});

    type(tiktok, 'Only for TikTok #fyp');
    expect(within(group('TikTok caption')).getByText('Customised')).toBeDefined();
    type(shared, 'Shared, edited again');
    expect(tiktok.value).toBe('Only for TikTok #fyp');
    expect(latest).toEqual({ tiktok: 'Only for TikTok #fyp' });
    // Instagram still inherits.
    expect(within(group('Instagram caption')).getByText('Uses the shared caption')).toBeDefined();

    fireEvent.click(within(group('TikTok caption')).getByRole('button', { name: 'Reset to the shared caption' }));
    expect(latest).toEqual({});
    expect(screen.queryByLabelText('Caption for TikTok')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Customise for TikTok' }));
  });

  it('counts each platform on the caption it will post', () => {
    render(<Harness />);
    const tiktokCounters = () => within(group('TikTok caption')).getByRole('list', { name: 'TikTok caption limits' });
    const instagramCounters = () => within(group('Instagram caption')).getByRole('list', { name: 'Instagram caption limits' });
    expect(tiktokCounters().textContent).toContain('TikTok: 12 / 2,200 characters');
    expect(instagramCounters().textContent).toContain('Instagram: 12 / 2,200 characters');

    fireEvent.click(screen.getByRole('button', { name: 'Customise for TikTok' }));
    // 1,100 rockets and one "a": 1,101 characters but 2,201 UTF-16 units.
    type(screen.getByLabelText('Caption for TikTok'), `${'🚀'.repeat(1100)}a`);
    const over = within(tiktokCounters()).getByText('TikTok: 2,201 / 2,200 characters');
    expect(over.className).toContain('counter--over');
    expect((screen.getByLabelText('Caption for TikTok') as HTMLTextAreaElement).getAttribute('aria-invalid')).toBe('true');
    // Instagram is untouched by the TikTok text.
    expect(instagramCounters().textContent).toContain('Instagram: 12 / 2,200 characters');

    fireEvent.click(screen.getByRole('button', { name: 'Customise for Instagram' }));
    type(screen.getByLabelText('Caption for Instagram'), Array.from({ length: 6 }, (_, i) => `#t${i}`).join(' '));
    expect(within(instagramCounters()).getByText('Instagram: 6 / 5 hashtags').className).toContain('counter--over');
    expect((screen.getByLabelText('Caption', { selector: 'textarea' }) as HTMLTextAreaElement).getAttribute('aria-invalid')).toBeNull();
  });

  it('only offers the chosen platforms', () => {
    render(<Harness platforms={['instagram']} />);
    expect(screen.queryByRole('group', { name: 'TikTok caption' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Customise for Instagram' })).toBeDefined();
  });
});
