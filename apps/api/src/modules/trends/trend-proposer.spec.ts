import type { PostResult } from '../analytics/analytics.repository.js';
import { compactCount, formatOf, proposalsFrom } from './trend-proposer.service.js';

const post = (views: number | null, hashtags: string[], platform: 'tiktok' | 'instagram' = 'tiktok', durationMs = 20_000): PostResult => ({
  publicationId: `p${Math.random()}`,
  contentItemId: 'c',
  platform,
  postedAt: new Date(),
  views,
  likes: null,
  comments: null,
  shares: null,
  saves: null,
  hashtags,
  durationMs,
  width: 1080,
  height: 1920,
});

describe('internal-analytics proposals', () => {
  it('writes figures the way people read them', () => {
    expect([compactCount(950), compactCount(12_400), compactCount(3_000), compactCount(1_250_000)]).toEqual(['950', '12.4k', '3k', '1.3M']);
  });

  it('names a video by its shape and length, or not at all when it is unknown', () => {
    expect(formatOf({ durationMs: 20_000, width: 1080, height: 1920 })).toBe('Vertical video, 15–30 s');
    expect(formatOf({ durationMs: 90_000, width: 1080, height: 1080 })).toBe('Square video, 1–3 min');
    expect(formatOf({ durationMs: 5_000, width: 1920, height: 1080 })).toBe('Horizontal video, under 15 s');
    expect(formatOf({ durationMs: null, width: 1080, height: 1920 })).toBeNull();
  });

  it('proposes nothing from fewer than three measured posts', () => {
    expect(proposalsFrom([post(10_000, ['a']), post(9_000, ['a'])])).toEqual([]);
  });

  it('proposes what at least two of the best posts share, with the reason in words, never from the weaker half', () => {
    const proposals = proposalsFrom([
      post(20_000, ['Glow', 'x'], 'tiktok', 20_000),
      post(10_000, ['glow'], 'tiktok', 70_000),
      post(500, ['x'], 'instagram', 5_000),
      post(null, ['x'], 'instagram', 5_000),
    ]);
    expect(proposals).toEqual([
      {
        kind: 'hashtag',
        label: '#Glow',
        platform: 'tiktok',
        score: 100,
        notes: "#Glow: in 2 of your 2 best posts (last 30 days), avg 15k views vs 10.2k across all 4 measured posts. Proposed from your own posts' results.",
      },
    ]);
  });
});
