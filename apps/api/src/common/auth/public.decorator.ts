import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'mwr:isPublic';

/** Marks a route as reachable without authentication (health, OAuth callbacks, signed webhooks). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
