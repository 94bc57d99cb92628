import { ApiProperty } from '@nestjs/swagger';

import { TrendEntryDto } from './trend.dto.js';

export class TrendProposalsResultDto {
  @ApiProperty({ type: [TrendEntryDto], description: 'The internal_analytics entries this pass created (status spotted)' }) items: TrendEntryDto[];
  @ApiProperty({ description: 'Earlier proposals, still new, whose figures this pass updated' }) refreshed: number;
}
