import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';

import { PLATFORM_DESCRIPTORS } from '@mwr/publishers';

import { TargetOptionsDto } from './target-options.dto.js';

// @nestjs/swagger's metadata keys (DECORATORS in its constants, not exported from its entry).
const DECORATORS = { API_MODEL_PROPERTIES: 'swagger/apiModelProperties', API_MODEL_PROPERTIES_ARRAY: 'swagger/apiModelPropertiesArray' };

/** The class-validator codes of each refused option, as the global pipe validates (unknown fields refused). */
async function refusals(options: Record<string, unknown>): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(TargetOptionsDto, options), { whitelist: true, forbidNonWhitelisted: true });
  return Object.fromEntries(errors.map((e) => [e.property, Object.keys(e.constraints ?? {}).sort()]));
}

describe('TargetOptionsDto, made from the platform registry', () => {
  it("declares every registered platform's composer options, validated and in the OpenAPI schema", () => {
    const validated = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(TargetOptionsDto, '', true, false)
        .map((m) => m.propertyName),
    );
    const documented = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, TargetOptionsDto.prototype) as string[];
    const options = PLATFORM_DESCRIPTORS.flatMap((d) => Object.keys(d.composer.options.fields));
    expect(options.length).toBeGreaterThan(10);
    for (const option of [...options, 'caption', 'hashtags']) {
      expect(validated).toContain(option);
      expect(documented).toContain(`:${option}`);
    }
  });

  it("describes each option as its platform's schema does (enum values, bounds)", () => {
    for (const d of PLATFORM_DESCRIPTORS) {
      for (const [name, field] of Object.entries(d.composer.options.fields)) {
        const schema = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, TargetOptionsDto.prototype, name) as Record<string, unknown>;
        expect(schema.description).toBe(`${d.displayName}: ${field.label}`);
        if (field.type === 'enum') expect(schema.enum).toEqual([...field.values]);
        if (field.type === 'list') expect(schema.maxItems).toBe(field.maxItems);
        if (field.type === 'text') expect(schema.maxLength).toBe(field.maxLength);
      }
    }
  });

  it('accepts valid options and refuses a bad value of each kind with its per-field code', async () => {
    expect(
      await refusals({
        privacyLevel: 'SELF_ONLY',
        shareToFeed: false,
        thumbOffsetMs: 0,
        coverUrl: 'https://cdn.example.com/c.jpg',
        collaborators: ['a.b'],
        title: 'Hi',
      }),
    ).toEqual({});
    expect(
      await refusals({
        privacyLevel: 'EVERYONE',
        shareToFeed: 'yes',
        thumbOffsetMs: -1,
        videoCoverTimestampMs: 1.5,
        coverUrl: 'http://cdn.example.com/c.jpg',
        collaborators: ['@a'],
        tags: ['x', 'x'],
        title: 'é'.repeat(201),
        noSuchOption: true,
        disableDuet: null,
      }),
    ).toEqual({
      privacyLevel: ['isIn'],
      shareToFeed: ['isBoolean'],
      thumbOffsetMs: ['min'],
      videoCoverTimestampMs: ['isInt'],
      coverUrl: ['isUrl'],
      collaborators: ['matches'],
      tags: ['arrayUnique'],
      title: ['isLength'],
      noSuchOption: ['whitelistValidation'],
      disableDuet: ['isBoolean', 'notNull'],
    });
  });
});
