import type { LogoContentType } from './branding.types.js';

/** 512 KB: a header logo needs far less; the limit keeps a public, cacheable route cheap. */
export const MAX_LOGO_BYTES = 512 * 1024;

const EXTENSIONS: Record<LogoContentType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/**
 * The raster type the bytes really are, from their signature (never from the declared type
 * alone). SVG is refused on purpose: it can carry scripts and external references, and
 * sanitizing it safely takes a dedicated library; PNG, JPEG and WebP cannot run anything.
 */
export function sniffLogo(bytes: Buffer): LogoContentType | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

export const logoExtension = (type: LogoContentType): string => EXTENSIONS[type];

/** The public file name: 32 hex characters and the extension (what GET /api/branding/logos/:file accepts). */
export const LOGO_FILE = /^[0-9a-f]{32}\.(png|jpg|webp)$/;
