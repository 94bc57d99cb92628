import type { TargetOptions } from '../api/create-post';
import type { OptionField, OptionRule } from '../api/platforms';

/**
 * The generic side of a platform's options panel: what a field shows and allows, from the
 * registry's schema (GET /api/platforms) and the account's stored capabilities.
 */
export type OptionValues = Readonly<Record<string, unknown>>;

/** The field's value: chosen now, else saved on the target, else the schema's default. */
export function fieldValue(field: OptionField, chosen: OptionValues, saved: OptionValues): unknown {
  return chosen[field.name] ?? saved[field.name] ?? field.default;
}

/** The values this account may use for an enum field (its capability's list), or all of them when it does not say. */
export function allowedValues(field: OptionField, capabilities: OptionValues): string[] {
  const values = field.values ?? [];
  if (field.capability?.effect !== 'allowed_values') return values;
  const offered = capabilities[field.capability.name];
  if (!Array.isArray(offered) || offered.length === 0) return values;
  return values.filter((value) => offered.includes(value));
}

/** The account turned this off for itself: the option is locked at true. */
export function forcedTrue(field: OptionField, capabilities: OptionValues): boolean {
  return field.capability?.effect === 'forces_true' && capabilities[field.capability.name] === true;
}

/** A value a cross-field rule forbids given the other current values (e.g. branded content cannot be private). */
export function ruleForbids(rules: readonly OptionRule[], field: string, value: unknown, current: OptionValues): boolean {
  return rules.some((rule) => rule.then.field === field && current[rule.if.field] === rule.if.equals && rule.then.notIn.includes(value as string));
}

/** The fields the generic panel renders: offered by the composer and not drawn by the platform's extension. */
export function panelFields(fields: readonly OptionField[], ownedByExtension: readonly string[]): OptionField[] {
  return fields.filter((field) => !field.hidden && !ownedByExtension.includes(field.name));
}

/** The target's options from the generic fields: each shown field's value (locked ones forced), over what was saved. */
export function genericOptions(fields: readonly OptionField[], chosen: OptionValues, saved: TargetOptions, capabilities: OptionValues): TargetOptions {
  const options: Record<string, unknown> = { ...saved };
  for (const field of fields) {
    const value = forcedTrue(field, capabilities) ? true : fieldValue(field, chosen, saved);
    if (value !== undefined) options[field.name] = value;
  }
  return options as TargetOptions;
}
