import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    // quit() waits for a reply that never comes from an unreachable server.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}

/** One shared ioredis connection for health and pub/sub; present only when REDIS_URL is set. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(url: string): DynamicModule {
    const logger = new Logger('Redis');
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS_CLIENT,
          useFactory: () => {
            // No offline queue: while Redis is away, commands fail at once instead of piling up (and readiness says so).
            const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
            client.on('error', (error: Error) => logger.warn(`redis: ${error.message}`));
            return client;
          },
        },
        RedisLifecycle,
      ],
      exports: [REDIS_CLIENT],
    };
  }
}
