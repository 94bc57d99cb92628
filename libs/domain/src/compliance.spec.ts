import {
  checkAction,
  checkOutboundMessage,
  checkPostingCadence,
  ComplianceRules,
  isOptOutMessage,
  matchKeyword,
  renderMessageTemplate,
  templatePlaceholders,
  type OutboundMessageCheck,
} from './index.js';

const now = new Date('2026-05-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const dm = (over: Partial<OutboundMessageCheck> = {}): OutboundMessageCheck => ({
  action: 'dm_reply',
  now,
  recipients: ['igsid-1'],
  trigger: { kind: 'message', at: hoursAgo(1) },
  optedOut: false,
  lastWelcomeAt: null,
  welcomePeriodMs: 24 * 3_600_000,
  text: 'Welcome!',
  ...over,
});

describe('ComplianceRules', () => {
  it('allows a reply to someone who wrote first, inside the window', () => {
    expect(checkOutboundMessage(dm())).toEqual({ allowed: true });
  });

  it.each(['follow', 'like', 'unfollow', 'comment', 'bulk_dm', 'cold_dm'])('has no path for %s', (action) => {
    expect(checkAction(action)).toMatchObject({ allowed: false, rule: 'forbidden_action' });
    expect(checkOutboundMessage(dm({ action }))).toMatchObject({ allowed: false, rule: 'forbidden_action' });
  });

  it('refuses bulk sends and people who did not write first', () => {
    expect(checkOutboundMessage(dm({ recipients: ['a', 'b'] }))).toMatchObject({ rule: 'bulk_send' });
    expect(checkOutboundMessage(dm({ recipients: [] }))).toMatchObject({ rule: 'bulk_send' });
    expect(checkOutboundMessage(dm({ trigger: null }))).toMatchObject({ rule: 'not_user_initiated' });
    expect(checkOutboundMessage(dm({ trigger: { kind: 'comment', at: hoursAgo(1) } }))).toMatchObject({ rule: 'not_user_initiated' });
  });

  it('refuses outside the 24 h window, and inside a shorter configured one', () => {
    expect(checkOutboundMessage(dm({ trigger: { kind: 'message', at: hoursAgo(24.01) } }))).toMatchObject({ rule: 'outside_messaging_window' });
    expect(checkOutboundMessage(dm({ trigger: { kind: 'message', at: hoursAgo(23.9) } }))).toEqual({ allowed: true });
    expect(checkOutboundMessage(dm({ replyWithinHours: 2, trigger: { kind: 'message', at: hoursAgo(3) } }))).toMatchObject({
      rule: 'outside_messaging_window',
    });
    // A configuration can never widen the platform's window.
    expect(checkOutboundMessage(dm({ replyWithinHours: 48, trigger: { kind: 'message', at: hoursAgo(30) } }))).toMatchObject({
      rule: 'outside_messaging_window',
    });
  });

  it('honours opt-outs first', () => {
    expect(checkOutboundMessage(dm({ optedOut: true }))).toMatchObject({ rule: 'opted_out' });
  });

  it('allows one private reply per comment within 7 days', () => {
    const pr = (over: Partial<OutboundMessageCheck>) => dm({ action: 'private_reply', trigger: { kind: 'comment', at: hoursAgo(100) }, ...over });
    expect(checkOutboundMessage(pr({}))).toEqual({ allowed: true });
    expect(checkOutboundMessage(pr({ commentAlreadyReplied: true }))).toMatchObject({ rule: 'private_reply_already_sent' });
    expect(checkOutboundMessage(pr({ trigger: { kind: 'comment', at: hoursAgo(7 * 24 + 1) } }))).toMatchObject({ rule: 'private_reply_window' });
  });

  it('welcomes a person once per period', () => {
    expect(checkOutboundMessage(dm({ lastWelcomeAt: hoursAgo(2) }))).toMatchObject({ rule: 'welcome_period' });
    expect(checkOutboundMessage(dm({ lastWelcomeAt: hoursAgo(25) }))).toEqual({ allowed: true });
  });

  it('refuses empty or over-long text (1000 bytes UTF-8)', () => {
    expect(checkOutboundMessage(dm({ text: '  ' }))).toMatchObject({ rule: 'message_invalid' });
    expect(checkOutboundMessage(dm({ text: 'é'.repeat(501) }))).toMatchObject({ rule: 'message_invalid' });
    expect(checkOutboundMessage(dm({ text: 'é'.repeat(500) }))).toEqual({ allowed: true });
  });

  it('recognises opt-out messages and keywords', () => {
    expect(isOptOutMessage('stop', ['STOP'])).toBe(true);
    expect(isOptOutMessage(' Stop! ', ['STOP'])).toBe(true);
    expect(isOptOutMessage('please do not stop', ['STOP'])).toBe(false);
    expect(isOptOutMessage('x', [''])).toBe(false);
    expect(matchKeyword('Send me the LINK please', ['link'])).toBe('link');
    expect(matchKeyword('linkedin', ['link'])).toBeNull();
    expect(matchKeyword('Größe?', ['größe'])).toBe('größe');
    expect(matchKeyword('a+b', ['a+b'])).toBe('a+b');
  });

  it('renders templates with variables', () => {
    expect(renderMessageTemplate('Hi {{username}}, welcome to {{ account }}!', { username: 'fan1', account: 'brand' })).toBe('Hi fan1, welcome to brand!');
    expect(renderMessageTemplate('Hi {{username}} {{unknown}}!', {})).toBe('Hi !');
  });

  it('lists the variables a template uses, once each, as the renderer sees them', () => {
    expect(templatePlaceholders('Hi {{username}}, {{ account }} says hi to {{username}} {{user name}} {{}}')).toEqual(['username', 'account']);
    expect(templatePlaceholders('No variables')).toEqual([]);
  });

  it('flags a warm-up cadence that is too fast', () => {
    const d = (h: number) => hoursAgo(h);
    expect(checkPostingCadence({ postedAt: [d(1), d(30), d(60)], maxPostsPerWeek: 3, minHoursBetweenPosts: 24 })).toEqual({ ok: true });
    const fast = checkPostingCadence({ postedAt: [d(1), d(3), d(60), d(90)], maxPostsPerWeek: 3, minHoursBetweenPosts: 24 });
    expect(fast).toMatchObject({ ok: false, postsLast7Days: 4, minGapHours: 2 });
    expect(ComplianceRules.checkPostingCadence({ postedAt: [], maxPostsPerWeek: 1, minHoursBetweenPosts: 1 })).toEqual({ ok: true });
  });
});
