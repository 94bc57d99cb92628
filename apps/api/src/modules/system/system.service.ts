import { randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { databaseKind } from '../database/index.js';
import type { SystemInfoDto } from './dto/system-info.dto.js';
import { SystemRepository } from './system.repository.js';

export const PRODUCT_NAME = 'Marketing War Room';
export const PRODUCT_VERSION = '0.1.0';

@Injectable()
export class SystemService implements OnModuleInit {
  private installationId?: string;
  private readonly startedAt = new Date();

  constructor(
    private readonly repository: SystemRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.installationId = await this.repository.ensureInstallationId(randomUUID());
  }

  async info(): Promise<SystemInfoDto> {
    const [databaseVersion, migrations] = await Promise.all([this.repository.databaseVersion(), this.repository.appliedMigrations()]);
    return {
      name: PRODUCT_NAME,
      version: PRODUCT_VERSION,
      installationId: this.installationId ?? (await this.repository.ensureInstallationId(randomUUID())),
      database: databaseKind(this.config),
      databaseVersion,
      migrations,
      queueDriver: this.config.redisUrl ? 'bullmq' : 'postgres',
      roles: [...this.config.roles],
      startedAt: this.startedAt.toISOString(),
    };
  }
}
