import { ApiProperty } from '@nestjs/swagger';

import { IntField, TextField } from '../../../common/validation/fields.js';

export class IgOwnPostsQueryDto {
  @TextField(1, 200, { optional: true, description: 'Text search in title and caption, or an exact media id' }) search?: string;
  @IntField(1, 100, { optional: true, description: 'At most this many posts (default 50)' }) limit?: number;
}

/** One of our own posts on Instagram: what the welcome DM's keyword comments may watch. */
export class IgOwnPostDto {
  @ApiProperty({ description: 'The Instagram media id (what commentMediaIds holds)', example: '17895695668004550' }) mediaId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ description: 'The account it was posted on' }) handle: string;
  @ApiProperty() title: string;
  @ApiProperty() caption: string;
  @ApiProperty({ format: 'date-time' }) postedAt: string;
  @ApiProperty({ type: String, nullable: true }) permalink: string | null;
}
