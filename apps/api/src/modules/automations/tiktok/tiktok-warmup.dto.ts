import { ApiProperty } from '@nestjs/swagger';

export class WarmupRestartDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ format: 'date-time', description: 'The warm-up starts again from this moment: week 1 of the ramp' }) startedAt: string;
}
