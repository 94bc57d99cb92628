import { ApiProperty } from '@nestjs/swagger';

export class SystemInfoDto {
  @ApiProperty({ example: 'Marketing War Room' })
  name: string;

  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ description: 'Stable id of this installation, created on first boot', format: 'uuid' })
  installationId: string;

  @ApiProperty({ enum: ['postgres', 'pglite'] })
  database: 'postgres' | 'pglite';

  @ApiProperty({ description: 'Server version string reported by the database' })
  databaseVersion: string;

  @ApiProperty({ description: 'Number of migrations applied to this database' })
  migrations: number;

  @ApiProperty({ enum: ['bullmq', 'postgres'], description: 'Queue transport: BullMQ when REDIS_URL is set, else Postgres polling' })
  queueDriver: 'bullmq' | 'postgres';

  @ApiProperty({ type: [String], example: ['api', 'worker', 'scheduler'] })
  roles: string[];

  @ApiProperty({ format: 'date-time' })
  startedAt: string;
}
