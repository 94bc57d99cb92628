import { describe, expect, it } from 'vitest';

import { resolveMentions } from './reviews';

const members = [
  { userId: 'u-rita', name: 'Rita' },
  { userId: 'u-rita-m', name: 'Rita Moreno' },
  { userId: 'u-eddie', name: 'eddie' },
];

describe('resolveMentions', () => {
  it('turns each @name of a member into its user id, the longest name first, whatever the case', () => {
    expect(resolveMentions('@rita moreno and @Eddie, please check', members)).toEqual(['u-rita-m', 'u-eddie']);
    expect(resolveMentions('@Rita: ok?', members)).toEqual(['u-rita']);
  });

  it('ignores names that are not members and a name that only starts a longer word', () => {
    expect(resolveMentions('@nobody and @eddiex and mail@example.com', members)).toEqual([]);
  });
});
