import { describe, expect, it } from 'vitest';

import { ALL_ACCOUNTS, buildConfig, DEFAULT_TEMPLATES, fieldKind, fieldSpecs, localizeDefaults, splitMessages, toDraft } from './config-fields';

describe('automation settings form model', () => {
  it('gives each setting an editor from its key and the shape of its value', () => {
    expect(fieldKind('ig_welcome_dm', 'message', 'Hi')).toBe('template');
    expect(fieldKind('ig_welcome_dm', 'requireOptIn', true)).toBe('locked');
    // The watched posts are picked from our own published posts; the re-poster's rules from a form.
    expect(fieldKind('ig_welcome_dm', 'commentMediaIds', [])).toBe('ownPosts');
    expect(fieldKind('auto_reposter', 'rules', [])).toBe('repostRules');
    expect(fieldKind('tiktok_warmup', 'postsPerDayByWeek', [2, 3])).toBe('numberList');
    expect(fieldKind('tiktok_warmup', 'autoSpread', false)).toBe('boolean');
    expect(fieldKind('auto_reposter', 'maxPerDay', 1)).toBe('number');
    // The accounts a flag acts for are picked from the workspace's accounts of its platform.
    expect(fieldKind('ig_welcome_dm', 'accountIds', [])).toBe('accounts');
    expect(fieldKind('tiktok_warmup', 'accountIds', ['a1'])).toBe('accounts');
    expect(fieldKind('auto_reposter', 'accountIds', ['a1'])).toBe('stringList');
    // Nothing says what an empty list or an object holds: JSON.
    expect(fieldKind('future_key', 'rules', [])).toBe('json');
    expect(fieldKind('future_key', 'window', { from: 9, to: 17 })).toBe('json');
  });

  it('round-trips an account scope through its draft, "all accounts" being its own choice', () => {
    const specs = fieldSpecs('tiktok_warmup', { accountIds: ['a1', 'a2'] });
    expect(toDraft(specs, { accountIds: ['a1', 'a2'] })).toEqual({ accountIds: 'a1\na2' });
    expect(toDraft(specs, { accountIds: [] })).toEqual({ accountIds: ALL_ACCOUNTS });
    expect(buildConfig(specs, { accountIds: ALL_ACCOUNTS })).toEqual({ config: { accountIds: [] } });
    // "Only these accounts" with none ticked is not "all": the form asks for one.
    expect(buildConfig(specs, { accountIds: '' })).toEqual({ problems: { accountIds: 'accountsNone' } });
  });

  it('round-trips a config through the inputs', () => {
    const config = { message: 'Hi {{username}}', keywords: ['a', 'b'], ramp: [1, 2], on: true, max: 3, rules: [{ x: 1 }] };
    const specs = fieldSpecs('any', config);
    expect(buildConfig(specs, toDraft(specs, config))).toEqual({ config });
  });

  it('reads what was typed: trimmed list lines, numbers, JSON, and says what is wrong', () => {
    const specs = fieldSpecs('any', { keywords: ['x'], ramp: [1], max: 1, rules: [{}] });
    expect(buildConfig(specs, { keywords: ' LINK \n\n guide', ramp: '1, 2;3 4', max: ' 12 ', rules: '[]' })).toEqual({
      config: { keywords: ['LINK', 'guide'], ramp: [1, 2, 3, 4], max: 12, rules: [] },
    });
    expect(buildConfig(specs, { keywords: '', ramp: '1, two', max: '', rules: '[{' })).toEqual({
      problems: { ramp: 'numberList', max: 'number', rules: 'json' },
    });
  });

  it('puts an API message under the setting it names, and keeps the rest for the form', () => {
    const names = ['message', 'commentReplyMessage', 'optOutKeywords', 'commentMediaIds', 'targetAccountIds'];
    expect(
      splitMessages(
        [
          'message must be longer than or equal to 1 characters',
          'each value in optOutKeywords must be shorter than or equal to 30 characters',
          'each commentMediaIds entry must be an Instagram media id (digits)',
          'targetAccountIds: unknown account 0b7f',
          'the reply message must be polite',
        ],
        names,
      ),
    ).toEqual({
      byField: {
        message: ['message must be longer than or equal to 1 characters'],
        optOutKeywords: ['each value in optOutKeywords must be shorter than or equal to 30 characters'],
        commentMediaIds: ['each commentMediaIds entry must be an Instagram media id (digits)'],
        targetAccountIds: ['targetAccountIds: unknown account 0b7f'],
      },
      general: ['the reply message must be polite'],
    });
  });

  it("shows the API's untouched default messages in the UI's language, and leaves edited ones alone", () => {
    const defaults = DEFAULT_TEMPLATES['ig_welcome_dm']!;
    const french = (name: string) => (name === 'message' ? 'Merci de nous avoir écrit !' : '');
    expect(localizeDefaults('ig_welcome_dm', { message: defaults['message'], commentReplyMessage: defaults['commentReplyMessage'], max: 3 }, french)).toEqual({
      message: 'Merci de nous avoir écrit !',
      commentReplyMessage: defaults['commentReplyMessage'],
      max: 3,
    });
    expect(localizeDefaults('ig_welcome_dm', { message: 'Our own words' }, french)).toEqual({ message: 'Our own words' });
  });
});
