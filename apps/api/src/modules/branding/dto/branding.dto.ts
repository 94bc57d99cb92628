import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';

import { HEX_COLOR, HOSTNAME, PRODUCT_NAME_MAX_LENGTH } from '@mwr/domain';

import { PatternField, TextField } from '../../../common/validation/fields.js';

const lowerCase = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
const unset = { optional: true, nullable: true } as const;

/** The whole branding but the logo (PUT replaces it: a field left out or null goes back to the default). */
export class UpdateBrandingDto {
  @TextField(1, PRODUCT_NAME_MAX_LENGTH, { ...unset, example: 'Acme Studio', description: 'Shown in the header, the title, e-mails and review pages' })
  productName?: string | null;

  @lowerCase()
  @PatternField(HEX_COLOR, 'primaryColor must be a colour such as #1d4ed8', 7, {
    ...unset,
    example: '#1d4ed8',
    description: 'Buttons and links; white text on it needs at least 4.5:1 (422 BRANDING_CONTRAST_TOO_LOW with the ratio)',
  })
  primaryColor?: string | null;

  @lowerCase()
  @PatternField(HEX_COLOR, 'accentColor must be a colour such as #0e7490', 7, {
    ...unset,
    example: '#0e7490',
    description: 'Focus rings and highlights; at least 3:1 against white',
  })
  accentColor?: string | null;

  @lowerCase()
  @PatternField(HOSTNAME, 'customHost must be a host name such as review.acme.com (no scheme, port or path)', 253, {
    ...unset,
    example: 'review.acme.com',
    description: 'The host the operator points at this installation (TLS in front) for this workspace: 409 BRANDING_HOST_TAKEN if another has it',
  })
  customHost?: string | null;
}

export class BrandingDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: the default product name' }) productName: string | null;
  @ApiProperty({ type: String, nullable: true, example: '/api/branding/logos/0123456789abcdef0123456789abcdef.png' }) logoUrl: string | null;
  @ApiProperty({ type: String, nullable: true, example: '#1d4ed8' }) primaryColor: string | null;
  @ApiProperty({ type: String, nullable: true, example: '#0e7490' }) accentColor: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'review.acme.com' }) customHost: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
}

/** What anyone may know of a host's branding: how it looks, nothing about the workspace behind it. */
export class PublicBrandingDto {
  @ApiProperty({ example: 'Acme Studio', description: 'The default product name when the workspace set none' }) productName: string;
  @ApiProperty({ type: String, nullable: true }) logoUrl: string | null;
  @ApiProperty({ type: String, nullable: true, example: '#1d4ed8' }) primaryColor: string | null;
  @ApiProperty({ type: String, nullable: true, example: '#0e7490' }) accentColor: string | null;
}
