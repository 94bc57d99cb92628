import { Global, Module, type DynamicModule } from '@nestjs/common';

import { QueueModule } from '../queue/queue.module.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { AlertsTick } from './alerts.tick.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { MonitoringRepository } from './monitoring.repository.js';

/**
 * Metrics (every role serves its own /metrics) and alerts (evaluated by the scheduler role).
 * Global so the job runner and the SSE gateway can record without importing this module.
 */
@Global()
@Module({})
export class MonitoringModule {
  static forRoot(options: { scheduler: boolean }): DynamicModule {
    return {
      module: MonitoringModule,
      imports: [QueueModule],
      controllers: [MetricsController],
      providers: [MetricsService, MonitoringRepository, AlertsRepository, AlertsService, ...(options.scheduler ? [AlertsTick] : [])],
      exports: [MetricsService, AlertsService],
    };
  }
}
