import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';

// Loads every module, so every DTO class registers its validation metadata.
import { AppModule } from '../../app.module.js';

/** Constraints that take free text (as opposed to enums, ids, dates, numbers). */
const TEXT_CONSTRAINTS = new Set(['isString', 'matches', 'isEmail', 'isUrl', 'length', 'minLength', 'maxLength']);

describe('string fields of the DTOs', () => {
  it('all go through a decorator that refuses NUL, control characters or lone surrogates', () => {
    expect(AppModule).toBeDefined();
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, ValidationMetadata[]> };
    const unsafe: string[] = [];
    let textFields = 0;
    for (const [target, metadatas] of storage.validationMetadatas) {
      // Request bodies, queries and configs; EnvironmentVariables is the boot config, not a request.
      if (!/Dto$/.test(target.name)) continue;
      const byProperty = new Map<string, Set<string>>();
      for (const m of metadatas) {
        const names = byProperty.get(m.propertyName) ?? new Set<string>();
        if (m.name) names.add(m.name);
        byProperty.set(m.propertyName, names);
      }
      for (const [property, names] of byProperty) {
        if (![...names].some((n) => TEXT_CONSTRAINTS.has(n))) continue;
        textFields++;
        if (!names.has('isWellFormedText')) unsafe.push(`${target.name}.${property}`);
      }
    }
    expect(textFields).toBeGreaterThan(30);
    expect(unsafe).toEqual([]);
  });
});
