import { createHash } from 'node:crypto';

import { approvalCanonical, approvalHash, canonicalJson, sha256Hex, type ApprovalSubject } from './approval-hash.js';

const base: ApprovalSubject = {
  caption: 'Launch day',
  hashtags: ['#launch', '#new'],
  options: { tiktok: { privacy: 'public' } },
  assetSha256: 'a'.repeat(64),
  targets: [
    { accountId: '11111111-1111-4111-8111-111111111111', options: { disableComments: false } },
    { accountId: '22222222-2222-4222-8222-222222222222', options: {} },
  ],
  scheduledAt: '2026-12-08T18:00:00.000Z',
  timeZone: 'Europe/Paris',
};

describe('sha256Hex', () => {
  it.each(['', 'abc', 'é — 😀', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'y'.repeat(1000)])('matches node:crypto for %#', (text) => {
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});

describe('approvalHash', () => {
  const h = approvalHash(base);

  it('is the sha256 of the canonical JSON', () => {
    expect(h).toBe(createHash('sha256').update(approvalCanonical(base)).digest('hex'));
  });

  const edits: Record<string, ApprovalSubject> = {
    caption: { ...base, caption: 'Launch day!' },
    hashtags: { ...base, hashtags: ['#launch'] },
    'hashtag order': { ...base, hashtags: ['#new', '#launch'] },
    'item options': { ...base, options: { tiktok: { privacy: 'friends' } } },
    asset: { ...base, assetSha256: 'b'.repeat(64) },
    'asset removed': { ...base, assetSha256: null },
    'an account added': { ...base, targets: [...base.targets, { accountId: '33333333-3333-4333-8333-333333333333', options: {} }] },
    'an account removed': { ...base, targets: base.targets.slice(0, 1) },
    "an account's options": { ...base, targets: [{ ...base.targets[0]!, options: { disableComments: true } }, base.targets[1]!] },
    'publish time': { ...base, scheduledAt: '2026-12-08T18:01:00.000Z' },
    unscheduled: { ...base, scheduledAt: null },
    'time zone': { ...base, timeZone: 'America/New_York' },
  };
  it.each(Object.entries(edits))('changes on an edit of: %s', (_name, subject) => {
    expect(approvalHash(subject)).not.toBe(h);
  });

  it('does not change with what is not published: key order, account order, the same instant written otherwise, extra fields', () => {
    const same = {
      timeZone: base.timeZone,
      scheduledAt: '2026-12-08T19:00:00+01:00',
      targets: [...base.targets].reverse(),
      assetSha256: base.assetSha256,
      options: { tiktok: { privacy: 'public' } },
      hashtags: base.hashtags,
      caption: base.caption,
      title: 'An internal title is not published',
      status: 'draft',
    } as ApprovalSubject;
    expect(approvalHash(same)).toBe(h);
  });
});
