import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUrl, Length } from 'class-validator';

import { SafeString } from '../../../common/validation/fields.js';

export class ImportAssetDto {
  @IsString()
  @SafeString()
  @IsUrl({ require_protocol: true, require_tld: false, protocols: ['http', 'https'] }, { message: 'url must be an http(s) URL' })
  @Length(1, 2000)
  @ApiProperty({
    maxLength: 2000,
    example: 'https://cdn.example.com/videos/launch.mp4',
    description:
      'Where the video is downloaded from (http or https). Refused when it, or a redirect, resolves to a private, loopback or link-local address (IMPORT_URL_NOT_ALLOWED), unless the server runs with ALLOW_INTERNAL_URLS (development: the URL’s own origin only).',
  })
  url: string;
}
