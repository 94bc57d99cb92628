import { ApiProperty } from '@nestjs/swagger';
import { PLATFORMS, type Platform } from '@mwr/domain';

export class SocialAccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty() handle: string;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
  @ApiProperty({ type: String, nullable: true }) avatarUrl: string | null;
  @ApiProperty({ enum: ['active', 'needs_reconnect', 'disabled'] }) status: 'active' | 'needs_reconnect' | 'disabled';
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
