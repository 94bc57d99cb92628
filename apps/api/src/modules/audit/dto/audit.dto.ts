import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { CursorQueryField } from '../../../common/pagination/keyset-cursor.js';
import { IntField } from '../../../common/validation/fields.js';

export class AuditQueryDto {
  @IntField(1, 200, { optional: true, description: 'Page size (default 50)' })
  limit?: number;

  @CursorQueryField() cursor?: string;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) workspaceId: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorUserId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorApiKeyId: string | null;
  @ApiProperty({ type: String, nullable: true }) targetType: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor: string | null;
}
