/**
 * White-label branding (issue 25): the rules the API enforces and the SPA previews with, so the
 * settings page refuses exactly what the server would.
 */

export const DEFAULT_PRODUCT_NAME = 'Marketing War Room';
export const PRODUCT_NAME_MAX_LENGTH = 60;

/** `#rrggbb`, lower or upper case; stored lower-case. */
export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * The primary colour is the background of buttons with white text and the colour of links on
 * white surfaces: text, so WCAG 1.4.3 (AA, normal text) asks 4.5:1 against white.
 */
export const MIN_PRIMARY_CONTRAST = 4.5;
/** The accent draws focus rings and highlights, not text: WCAG 1.4.11 (non-text) asks 3:1 against white. */
export const MIN_ACCENT_CONTRAST = 3;
export const BRAND_TEXT_ON_PRIMARY = '#ffffff';

/** A host name as a browser sends it in Host: lower-case labels, at least one dot, a letter TLD, no port. */
export const HOSTNAME = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** WCAG relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio between two `#rrggbb` colours, rounded down to two decimals (never rounds a failure up to a pass). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return Math.floor(((light + 0.05) / (dark + 0.05)) * 100) / 100;
}

export interface BrandColors {
  primaryColor?: string | null;
  accentColor?: string | null;
}

export interface ContrastProblem {
  field: 'primaryColor' | 'accentColor';
  color: string;
  against: string;
  ratio: number;
  minimum: number;
}

/** The colours that do not contrast enough with what they sit on or carry; empty when all pass. */
export function brandContrastProblems(colors: BrandColors): ContrastProblem[] {
  const problems: ContrastProblem[] = [];
  const check = (field: ContrastProblem['field'], color: string | null | undefined, minimum: number) => {
    if (!color || !HEX_COLOR.test(color)) return;
    const ratio = contrastRatio(color, BRAND_TEXT_ON_PRIMARY);
    if (ratio < minimum) problems.push({ field, color: color.toLowerCase(), against: BRAND_TEXT_ON_PRIMARY, ratio, minimum });
  };
  check('primaryColor', colors.primaryColor, MIN_PRIMARY_CONTRAST);
  check('accentColor', colors.accentColor, MIN_ACCENT_CONTRAST);
  return problems;
}

/** `Host` header → the host name alone, lower-case, without port or trailing dot; undefined when absent. */
export function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const host = hostHeader.trim().toLowerCase();
  const withoutPort = host.startsWith('[') ? host : host.replace(/:\d*$/, '');
  return withoutPort.replace(/\.$/, '') || undefined;
}
