import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { PlatformPreview, reelsCaptionStart } from './PlatformPreview';

const account = { handle: 'acme.studio', displayName: 'Acme Studio', avatarUrl: null };

describe('platform previews', () => {
  it('draws TikTok with the handle, the caption and the sound line, as a decorative frame with a text alternative', () => {
    render(<PlatformPreview platform="tiktok" account={account} caption={'Launch day #new'} media={{ kind: 'image', src: '/api/assets/a/thumbnail' }} />);
    const figure = screen.getByRole('figure', { name: /TikTok/ });
    expect(within(figure).getByText('@acme.studio')).toBeDefined();
    expect(within(figure).getByText('#new').tagName).toBe('STRONG');
    expect(within(figure).getByText('original sound - acme.studio')).toBeDefined();
    expect(figure.querySelector('.phone-frame')?.getAttribute('aria-hidden')).toBe('true');
    expect(figure.querySelector('img.phone-media')?.getAttribute('src')).toBe('/api/assets/a/thumbnail');
    expect(within(figure).getByText('How it may look on TikTok: posted by @acme.studio, with the caption “Launch day #new”.')).toBeDefined();
  });

  it('draws Reels with the handle, the caption cut to one line with "… more", and the audio line', () => {
    const caption = 'A first line that is definitely longer than sixty characters, for sure\nand a second line';
    render(<PlatformPreview platform="instagram" account={account} caption={caption} media={{ kind: 'none' }} />);
    const figure = screen.getByRole('figure', { name: /Instagram/ });
    expect(within(figure).getByText('acme.studio')).toBeDefined();
    expect(within(figure).getByText('… more')).toBeDefined();
    expect(within(figure).getByText('acme.studio · Original audio')).toBeDefined();
    expect(within(figure).queryByText(/second line/, { selector: '.phone-caption' })).toBeNull();
  });

  it('cuts a Reels caption at a word, and says "more" only when something is hidden', () => {
    expect(reelsCaptionStart('Short one')).toEqual({ text: 'Short one', truncated: false });
    expect(reelsCaptionStart('Short one\nsecond line')).toEqual({ text: 'Short one', truncated: true });
    expect(reelsCaptionStart('word '.repeat(20), 12)).toEqual({ text: 'word word', truncated: true });
  });
});
