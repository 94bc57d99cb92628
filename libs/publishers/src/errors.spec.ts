import { exhaustedExplanation, TRANSPORT_ERRORS, type ErrorEntry } from './index.js';
import { INSTAGRAM_CODES, INSTAGRAM_SUBCODES } from './instagram/errors.js';
import { TIKTOK_API_ERRORS, TIKTOK_FAIL_REASONS } from './tiktok/errors.js';

describe('the explanation once every attempt failed', () => {
  const retryable: [string, ErrorEntry][] = [TRANSPORT_ERRORS, INSTAGRAM_CODES, INSTAGRAM_SUBCODES, TIKTOK_API_ERRORS, TIKTOK_FAIL_REASONS].flatMap((table) =>
    Object.entries(table as Record<string, ErrorEntry>).filter(([, entry]) => entry.retryable),
  );

  it.each(retryable)('%s: keeps the reason, drops the retry promise, says it gave up', (_code, entry) => {
    const { en, fr } = exhaustedExplanation(entry, 8);
    expect(en).not.toMatch(/retried/i);
    expect(fr).not.toMatch(/nouvel essai/i);
    expect(en).toMatch(/Gave up after 8 attempts/);
    expect(fr).toMatch(/Abandon après 8 tentatives/);
    // The first sentence (the reason) is kept.
    expect(en.startsWith(entry.en.split('. ')[0]!.replace(/;.*$/, ''))).toBe(true);
  });

  it('keeps advice given before the promise', () => {
    expect(
      exhaustedExplanation({ en: 'Instagram could not download the video from its link. Check the link is public; it will be retried.', fr: 'x' }, 3).en,
    ).toBe('Instagram could not download the video from its link. Check the link is public. Gave up after 3 attempts: use Retry once the problem is solved.');
  });
});
