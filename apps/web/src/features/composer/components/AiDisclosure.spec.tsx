import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { platformFixture } from '../../../test/fixtures';
import type { PlatformInfo } from '../api/platforms';
import { AiDisclosure, aiDisclosureField, withAiDisclosure } from './AiDisclosure';

/** The fixture's platform with `name` declared as its AI disclosure, as the registry sends it. */
function declaring(id: PlatformInfo['id'], name: string): PlatformInfo {
  const platform = platformFixture(id);
  return { ...platform, composer: { ...platform.composer, fields: platform.composer.fields.map((f) => (f.name === name ? { ...f, aiDisclosure: true } : f)) } };
}

describe('composer: the AI disclosure', () => {
  const tiktok = declaring('tiktok', 'isAigc');
  const instagram = platformFixture('instagram');

  it("finds a platform's disclosure from the registry's flag, not from its name, and turns only that option on", () => {
    expect(aiDisclosureField(tiktok)?.name).toBe('isAigc');
    expect(aiDisclosureField(platformFixture('tiktok'))).toBeUndefined();
    expect(aiDisclosureField(instagram)).toBeUndefined();
    expect(withAiDisclosure({ privacyLevel: 'SELF_ONLY' }, tiktok)).toEqual({ privacyLevel: 'SELF_ONLY', isAigc: true });
    expect(withAiDisclosure({ shareToFeed: true }, instagram)).toEqual({ shareToFeed: true });
  });

  it('says, once the video is marked, which platforms disclose it and which have no option', () => {
    const onMarkedChange = vi.fn();
    const { rerender } = render(<AiDisclosure platforms={[tiktok, instagram]} marked={false} onMarkedChange={onMarkedChange} />);
    fireEvent.click(screen.getByLabelText('This video was made or altered with AI'));
    expect(onMarkedChange).toHaveBeenCalledWith(true);
    rerender(<AiDisclosure platforms={[tiktok, instagram]} marked onMarkedChange={onMarkedChange} />);
    expect(screen.getByText('TikTok: “AI-generated content” on')).toBeTruthy();
    expect(screen.getByText('Instagram: its API has no AI disclosure option')).toBeTruthy();
  });
});
