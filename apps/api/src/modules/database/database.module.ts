import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { databaseKind, dataSourceOptions } from './data-source-options.js';
import { MigrationError, runMigrations } from './migrator.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config),
        retryAttempts: config.databaseConnectRetries,
        retryDelay: 1000,
        // A broken migration will not fix itself: fail the boot at once.
        toRetry: (error: unknown) => !(error instanceof MigrationError),
        // Migrations need the folder; kept on the options so the factory below can find it.
        migrationsDir: config.migrationsDir,
      }),
      // Migrations run before anything else can touch the database.
      dataSourceFactory: async (options) => {
        const { migrationsDir, ...rest } = options as typeof options & { migrationsDir: string };
        const dataSource = await new DataSource(rest as typeof options & object).initialize();
        const logger = new Logger('Migrations');
        try {
          const report = await runMigrations(dataSource, migrationsDir, (line) => logger.log(line));
          logger.log(`${report.applied.length} applied, ${report.alreadyApplied} already up to date`);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}

export { databaseKind };
