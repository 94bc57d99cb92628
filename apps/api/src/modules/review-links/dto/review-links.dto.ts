import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

import { EnumField, IntField, TextField, UuidField } from '../../../common/validation/fields.js';
import { PublicBrandingDto } from '../../branding/dto/branding.dto.js';

export class CreateReviewLinkDto {
  @ApiProperty({ type: [String], description: 'The items the client will see (1 to 50)', example: ['5f0c9a1e-7b2d-4c1d-9e1a-3b6f2a8c4d10'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  contentItemIds: string[];
  @IntField(1, 365, { optional: true, description: 'Days until the link expires (default 30)' }) expiresInDays?: number;
  @TextField(1, 200, { optional: true, description: 'A name for the team (never shown to the client)' }) label?: string;
}

export class ReviewLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: [String] }) contentItemIds: string[];
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty({ description: 'The address to send the client (its token is signed; anyone with it can review until it expires or is revoked)' })
  url: string;
  @ApiProperty() token: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ description: 'Neither expired nor revoked' }) active: boolean;
}

export class ReviewLinkListDto {
  @ApiProperty({ type: [ReviewLinkDto] }) items: ReviewLinkDto[];
}

export class ReviewLinksQueryDto {
  @UuidField({ optional: true, description: 'Only the links that show this item' }) contentItemId?: string;
}

export class ClientTargetDto {
  @ApiProperty() platform: string;
  @ApiProperty() accountName: string;
}

export class ClientCommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: string;
}

export class ClientReviewItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() caption: string;
  @ApiProperty({ type: [String] }) hashtags: string[];
  @ApiProperty({ nullable: true, type: String }) scheduledAt: string | null;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [ClientTargetDto], description: 'One preview per platform and account' }) targets: ClientTargetDto[];
  @ApiProperty({ enum: ['pending', 'approved', 'changes_requested'], description: "The client's decision so far" })
  decision: 'pending' | 'approved' | 'changes_requested';
  @ApiProperty({ description: 'Whether a decision can still be given (not yet publishing or published)' }) open: boolean;
  @ApiProperty({ type: [ClientCommentDto], description: "The client's own comments (internal comments are never shown)" })
  comments: ClientCommentDto[];
}

export class ClientReviewDto {
  @ApiProperty({ description: "The workspace's product name (white-label), else the default" }) productName: string;
  @ApiProperty({ type: PublicBrandingDto, description: "How the page looks: the workspace's logo and colours" }) branding: PublicBrandingDto;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: [ClientReviewItemDto] }) items: ClientReviewItemDto[];
}

export class ClientDecisionDto {
  @EnumField(['approved', 'changes_requested'] as const) decision: 'approved' | 'changes_requested';
  @TextField(1, 5000, { optional: true, multiline: true, description: 'Required with changes_requested' }) comment?: string;
}
