import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

import { PRODUCT_NAME, PRODUCT_VERSION } from '../../modules/system/system.service.js';

/** Recursively sorts object keys so the committed spec is stable whatever the module load order. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeysDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, sortKeysDeep((value as Record<string, unknown>)[key])]),
    ) as T;
  }
  return value;
}

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`${PRODUCT_NAME} API`)
    .setDescription('Publish videos to TikTok and Instagram Reels through their official APIs, on schedule, exactly once.')
    .setVersion(PRODUCT_VERSION)
    .addCookieAuth(
      'mwr_session',
      { type: 'apiKey', in: 'cookie', description: 'Browser session; unsafe methods also need the X-CSRF-Token header (value of the mwr_csrf cookie)' },
      'session',
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key: mwr_…' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
  return sortKeysDeep(document);
}

export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function setupSwagger(app: INestApplication): OpenAPIObject {
  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    customSiteTitle: `${PRODUCT_NAME} API`,
  });
  return document;
}
