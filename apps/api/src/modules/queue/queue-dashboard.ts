import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

import { BullMqQueueDriver } from './bullmq.driver.js';
import { QueueService } from './queue.service.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

export const DASHBOARD_UNAUTHENTICATED = {
  statusCode: 401,
  code: 'UNAUTHENTICATED',
  message: 'Sign in as the installation owner to see the queue dashboard',
} as const;
export const DASHBOARD_FORBIDDEN = {
  statusCode: 403,
  code: 'INSTALLATION_OWNER_ONLY',
  message: "Only the installation owner (the first account) can see the queue dashboard: it shows every workspace's jobs",
} as const;

/** bull-board's page needs inline scripts; this looser policy applies to its path only. */
const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; object-src 'none'";

/**
 * bull-board at /admin/queues when the BullMQ driver runs (read-only: Postgres is the record, so
 * jobs are retried or cancelled through the API, never by editing Redis). It shows every
 * workspace's jobs: `authorize` answers 401 or 403 for anyone but the installation owner.
 */
export function mountQueueDashboard(app: NestExpressApplication, authorize: (req: Request) => Promise<'ok' | 401 | 403>): boolean {
  let queue: QueueService;
  try {
    queue = app.get(QueueService, { strict: false });
  } catch {
    return false;
  }
  if (!(queue.driver instanceof BullMqQueueDriver)) return false;
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(queue.driver.bullQueue, { readOnlyMode: true })], serverAdapter: adapter });
  app.use(
    QUEUE_DASHBOARD_PATH,
    (req: Request, res: Response, next: NextFunction) => {
      authorize(req).then((verdict) => {
        if (verdict !== 'ok') {
          res.status(verdict).json(verdict === 401 ? DASHBOARD_UNAUTHENTICATED : DASHBOARD_FORBIDDEN);
          return;
        }
        res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
        next();
      }, next);
    },
    adapter.getRouter(),
  );
  return true;
}
