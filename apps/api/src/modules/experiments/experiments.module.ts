import { Module } from '@nestjs/common';

import { BestTimesModule } from '../best-times/best-times.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { ExperimentDecider } from './experiment-decider.tick.js';
import { ExperimentsController } from './experiments.controller.js';
import { ExperimentsRepository } from './experiments.repository.js';
import { ExperimentsService } from './experiments.service.js';

/** Caption experiments (api role, issue 24): owns experiments and experiment_variants. */
@Module({
  imports: [CalendarModule, BestTimesModule],
  controllers: [ExperimentsController],
  providers: [ExperimentsService, ExperimentsRepository],
  exports: [ExperimentsService],
})
export class ExperimentsModule {}

/** The scheduler role's part: deciding experiments whose posts reached the age. */
@Module({ providers: [ExperimentsRepository, ExperimentDecider], exports: [ExperimentDecider] })
export class ExperimentsSchedulerModule {}
