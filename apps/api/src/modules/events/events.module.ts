import { Global, Module } from '@nestjs/common';

import { EventBus } from './event-bus.js';
import { EventBusService } from './event-bus.service.js';
import { WorkspaceEventsRepository } from './workspace-events.repository.js';
import { WorkspaceEvents } from './workspace-events.service.js';

/**
 * The process's event bus (every role): workers publish progress, the API's SSE gateway
 * subscribes. Global so the job runner can take it without a module cycle. WorkspaceEvents: the
 * durable events that are not about a job (automation_updated, alerts_changed), workspace_events.
 */
@Global()
@Module({
  providers: [EventBusService, { provide: EventBus, useExisting: EventBusService }, WorkspaceEventsRepository, WorkspaceEvents],
  exports: [EventBus, WorkspaceEvents],
})
export class EventsModule {}
