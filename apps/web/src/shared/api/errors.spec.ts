import { describe, expect, it } from 'vitest';

import { API_ERROR_CODES, FIELD_ISSUE_CODES } from '@mwr/domain';

import { i18n } from '../i18n/i18n';
import { en } from '../i18n/locales/en';
import { fr } from '../i18n/locales/fr';
import { ApiError, errorMessage, warningMessage } from './errors';

const t = i18n.t.bind(i18n);

/** A past post refused by the API exactly as it answers (the English message stays for integrators). */
const pastSchedule = new ApiError(400, {
  statusCode: 400,
  code: 'VALIDATION_FAILED',
  message: 'scheduledAt 2026-12-01T08:00:05.000Z is in the past',
  params: { field: 'scheduledAt', constraint: 'SCHEDULE_IN_PAST', scheduledAt: '2026-12-01T08:00:05.000Z' },
  details: [
    {
      field: 'scheduledAt',
      messages: ['scheduledAt 2026-12-01T08:00:05.000Z is in the past'],
      code: 'SCHEDULE_IN_PAST',
      params: { field: 'scheduledAt', constraint: 'SCHEDULE_IN_PAST', scheduledAt: '2026-12-01T08:00:05.000Z' },
    },
  ],
});

const emptyName = new ApiError(400, {
  statusCode: 400,
  code: 'VALIDATION_FAILED',
  message: 'name must be longer than or equal to 1 characters',
  params: { field: 'name', constraint: 'isLength', min: 1, max: 120 },
  details: [
    {
      field: 'name',
      messages: ['name must be longer than or equal to 1 characters'],
      code: 'isLength',
      params: { field: 'name', constraint: 'isLength', min: 1, max: 120 },
      issues: [{ code: 'isLength', params: { field: 'name', constraint: 'isLength', min: 1, max: 120 } }],
    },
  ],
});

const reelsTooShort = new ApiError(422, {
  statusCode: 422,
  code: 'QUALITY_GATE_FAILED',
  message: 'The video does not meet the requirements of a target platform',
  params: { platform: 'instagram', check: 'duration_too_short', limit: 3, actual: 1.2, count: 1 },
  details: [
    {
      platform: 'instagram',
      severity: 'error',
      code: 'duration_too_short',
      message: { en: 'Reels last at least 3 s', fr: 'Un Reel dure au moins 3 s' },
      limit: 3,
      actual: 1.2,
    },
  ],
});

describe('errorMessage', () => {
  it('words a past schedule in English with the time in the workspace zone, to the second, and no raw text', () => {
    const text = errorMessage(pastSchedule, t, { timeZone: 'Europe/Paris' });
    expect(text).toBe('That time has already passed (Dec 1, 2026, 9:00:05 AM): pick a time in the future.');
    expect(text).not.toMatch(/scheduledAt|Z\b|must be/);
  });

  it('words it in French, and the zone changes the hour shown', async () => {
    await i18n.changeLanguage('fr');
    expect(errorMessage(pastSchedule, t, { timeZone: 'Europe/Paris' })).toBe(
      'Cette heure est déjà passée (1 déc. 2026, 09:00:05) : choisissez une heure à venir.',
    );
    expect(errorMessage(pastSchedule, t, { timeZone: 'America/New_York' })).toContain('03:00:05');
  });

  it('names the platform and gives its reason in the UI language', async () => {
    expect(errorMessage(reelsTooShort, t)).toBe('Instagram will refuse this video: Reels last at least 3 s');
    await i18n.changeLanguage('fr');
    expect(errorMessage(reelsTooShort, t)).toBe('Instagram refusera cette vidéo : Un Reel dure au moins 3 s');
  });

  it('words a class-validator refusal from its code and values, with the field named for people', async () => {
    expect(errorMessage(emptyName, t)).toBe('Name cannot be empty (at most 120 characters).');
    expect(emptyName.fieldErrors).toEqual({ name: ['Name cannot be empty (at most 120 characters).'] });
    await i18n.changeLanguage('fr');
    expect(errorMessage(emptyName, t)).toBe('Le nom ne peut pas être vide (au plus 120 caractères).');
  });

  it('words an uncoded field entry by its error’s own code (a weak password), not generically', () => {
    const weak = new ApiError(400, {
      code: 'WEAK_PASSWORD',
      message: 'password is one of the most common passwords',
      details: [{ field: 'password', messages: ['password is one of the most common passwords'] }],
    });
    expect(weak.fieldErrors).toEqual({ password: ['This password is too easy to guess: choose another.'] });
    expect(errorMessage(weak, t)).toBe('This password is too easy to guess: choose another.');
  });

  it('words a domain error from its params', () => {
    expect(
      errorMessage(
        new ApiError(429, { code: 'TOO_MANY_ATTEMPTS', message: 'Too many sign-in attempts: try again in 42 s', params: { retryAfterSeconds: 42 } }),
        t,
      ),
    ).toBe('Too many sign-in attempts: try again in 42 s.');
  });

  it('never shows raw text: an unknown code, a field without code, a library error and a JSON dump get generic words', async () => {
    await i18n.changeLanguage('fr');
    expect(errorMessage(new ApiError(418, { code: 'SOMETHING_NEW', message: 'raw english' }), t)).toBe(fr.apiErrors.generic);
    const uncoded = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      message: 'toDate must be a valid date',
      details: [{ field: 'toDate', messages: ['toDate must be a valid date'] }],
    });
    expect(errorMessage(uncoded, t)).toBe('Un champ n’est pas valide.');
    expect(errorMessage(new Error('tus: failed to upload, response text: {"statusCode":422}'), t)).toBe(fr.apiErrors.generic);
    expect(errorMessage(new TypeError('Failed to fetch'), t)).toBe(fr.errors.unreachable);
  });
});

describe('apiErrors locale section', () => {
  const sections = { en: en.apiErrors, fr: fr.apiErrors };

  it.each(Object.entries(sections))('has a %s message for every API error code', (_locale, section) => {
    const codes = section.codes as Record<string, string | undefined>;
    expect(API_ERROR_CODES.filter((code) => !codes[code]?.trim())).toEqual([]);
  });

  it.each(Object.entries(sections))('has a %s message for every field issue code', (_locale, section) => {
    const fields = section.fields as Record<string, string | undefined>;
    expect(FIELD_ISSUE_CODES.filter((code) => !fields[code]?.trim())).toEqual([]);
  });
});

describe('warningMessage', () => {
  it('words a near-duplicate warning with its time in the workspace zone, not the UTC ISO instant', async () => {
    const warning = {
      code: 'near_duplicate',
      message: 'The same video goes to @acme within 24 h (at 2026-12-01T08:00:00.000Z)',
      params: { handle: 'acme', scheduledAt: '2026-12-01T08:00:00.000Z' },
    };
    expect(warningMessage(warning, t, { timeZone: 'Europe/Paris' })).toBe('The same video goes to @acme within 24 hours (at Dec 1, 2026, 9:00:00 AM).');
    await i18n.changeLanguage('fr');
    expect(warningMessage(warning, t, { timeZone: 'Europe/Paris' })).toBe('La même vidéo part sur @acme à moins de 24 heures d’écart (1 déc. 2026, 09:00:00).');
    expect(warningMessage({ code: 'brand_new', message: 'raw' }, t)).toBe(fr.apiErrors.warnings.other);
  });
});
