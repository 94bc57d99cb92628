import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus.js';
import { EventBusService } from './event-bus.service.js';

/**
 * The process's event bus (every role): workers publish progress, the API's SSE gateway
 * subscribes. Global so the job runner can take it without a module cycle.
 */
@Global()
@Module({ providers: [EventBusService, { provide: EventBus, useExisting: EventBusService }], exports: [EventBus] })
export class EventsModule {}
