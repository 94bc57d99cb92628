import { formatInZone, isValidTimeZone, nextLocalDate, startOfLocalDate, zoneOffsetMinutes } from './index.js';

describe('time zones', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('shows 02:30+01:00 on the Paris spring-forward day as 03:30 summer time', () => {
    const instant = new Date('2026-03-29T02:30:00+01:00');
    expect(instant.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(formatInZone(instant, 'Europe/Paris')).toBe('2026-03-29T03:30:00+02:00');
  });

  it('gives the 23-hour spring-forward day and the 25-hour fall-back day their true length', () => {
    const spring = startOfLocalDate(nextLocalDate('2026-03-29'), 'Europe/Paris').getTime() - startOfLocalDate('2026-03-29', 'Europe/Paris').getTime();
    const fall = startOfLocalDate(nextLocalDate('2026-10-25'), 'Europe/Paris').getTime() - startOfLocalDate('2026-10-25', 'Europe/Paris').getTime();
    expect(spring / 3_600_000).toBe(23);
    expect(fall / 3_600_000).toBe(25);
    expect(startOfLocalDate('2026-03-29', 'Europe/Paris').toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });

  it('handles zones west of UTC and non-hour offsets', () => {
    expect(zoneOffsetMinutes(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(formatInZone(new Date('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-01T17:30:00+05:30');
    expect(startOfLocalDate('2026-07-01', 'America/New_York').toISOString()).toBe('2026-07-01T04:00:00.000Z');
  });
});
