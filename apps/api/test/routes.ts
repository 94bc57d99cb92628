import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

import { OUTSIDE_API_PREFIX } from '../src/bootstrap.js';

export interface RegisteredRoute {
  method: string;
  /** Full path with the global prefix, Nest-style params: /api/members/:userId */
  path: string;
  /** Where it is served: `path`, or without the prefix for the routes bootstrap keeps outside it (/mcp). */
  url: string;
  params: string[];
  handler: (...args: unknown[]) => unknown;
  controller: new (...args: never[]) => unknown;
}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every HTTP route the app registered, read from the controllers Nest discovered. */
export function listRoutes(app: INestApplication, prefix = 'api'): RegisteredRoute[] {
  const discovery = app.get(DiscoveryService);
  const scanner = new MetadataScanner();
  const routes: RegisteredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const controllerPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    const prototype = Object.getPrototypeOf(instance) as Record<string, (...args: unknown[]) => unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name]!;
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (methodPaths === undefined || method === undefined) continue;
      for (const controllerPath of controllerPaths) {
        for (const methodPath of ([] as string[]).concat(methodPaths)) {
          const path = join(prefix, controllerPath, methodPath);
          const bare = join(controllerPath, methodPath);
          const outside = OUTSIDE_API_PREFIX.some((r) => `/${r.path}` === bare && (r.method === RequestMethod.ALL || r.method === method));
          routes.push({
            method: RequestMethod[method],
            path,
            url: outside ? bare : path,
            params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!),
            handler,
            controller: wrapper.metatype as RegisteredRoute['controller'],
          });
        }
      }
    }
  }
  return routes;
}
