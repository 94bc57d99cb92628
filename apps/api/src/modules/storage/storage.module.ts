import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { LocalStorageDriver } from './local-storage.driver.js';
import { S3StorageDriver } from './s3-storage.driver.js';
import { STORAGE_DRIVER, type StorageDriver } from './storage.driver.js';

/** S3 when S3_BUCKET is set, else a folder under DATA_DIR. */
export function createStorageDriver(config: Pick<AppConfig, 'dataDir' | 'media'>): StorageDriver {
  return config.media.s3 ? new S3StorageDriver(config.media.s3) : LocalStorageDriver.under(config.dataDir);
}

@Module({
  providers: [{ provide: STORAGE_DRIVER, inject: [APP_CONFIG], useFactory: createStorageDriver }],
  exports: [STORAGE_DRIVER],
})
export class StorageModule implements OnModuleDestroy {
  constructor(@Inject(STORAGE_DRIVER) private readonly driver: StorageDriver) {}

  onModuleDestroy(): void {
    if (this.driver instanceof S3StorageDriver) this.driver.destroy();
  }
}
