import { afterEach, describe, expect, it } from 'vitest';

import { ApiError } from '../../../shared/api/errors';
import { applyLocale } from '../../../shared/i18n/i18n';
import { automationErrorMessages } from './automations';

const refused = new ApiError(400, {
  statusCode: 400,
  code: 'INVALID_AUTOMATION_CONFIG',
  message: 'maxPerDay must not be greater than 20',
  details: { errors: ['maxPerDay must not be greater than 20', 'rules.0.captionVariant should not be empty'] },
});

describe('automationErrorMessages', () => {
  afterEach(async () => {
    await applyLocale('en');
  });

  it("lists each of the API's messages in an English UI", () => {
    expect(automationErrorMessages(refused, 'en')).toEqual(['maxPerDay must not be greater than 20', 'rules.0.captionVariant should not be empty']);
  });

  it("never shows the API's English in a French UI: the code's translated message instead", async () => {
    await applyLocale('fr');
    const messages = automationErrorMessages(refused, 'fr');
    expect(messages).toEqual(['Les réglages de cette automatisation ne sont pas valides : vérifiez-les.']);
    expect(messages.join(' ')).not.toMatch(/must|should/);
  });
});
