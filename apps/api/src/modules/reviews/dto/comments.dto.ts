import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';

import { IntField, PatternField, TextField, UuidField } from '../../../common/validation/fields.js';

export class CreateCommentDto {
  @TextField(1, 5000, { multiline: true, example: 'Looks good — @Camille can you check the hashtags?' }) body: string;
  @UuidField({ optional: true, description: "The thread's first comment, to reply to it" }) parentId?: string;
  @ApiProperty({ type: [String], required: false, description: 'Mentioned members, resolved to user ids by the composer' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  mentions?: string[];
}

export class CommentsQueryDto {
  @PatternField(/^[A-Za-z0-9_-]{1,200}$/, '$property must be the nextCursor of a previous page', 200, { optional: true }) cursor?: string;
  @IntField(1, 200, { optional: true, description: 'default 50' }) limit?: number;
}

export class CommentMentionDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contentItemId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ enum: ['user', 'client'] }) authorKind: 'user' | 'client';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) authorUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) authorName: string | null;
  @ApiProperty() body: string;
  @ApiProperty({ type: [CommentMentionDto] }) mentions: CommentMentionDto[];
  @ApiProperty({ description: 'Never shown to clients (every comment is internal for now)' }) internal: boolean;
  @ApiProperty() resolved: boolean;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class CommentPageDto {
  @ApiProperty({ type: [CommentDto] }) items: CommentDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
