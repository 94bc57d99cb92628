import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';

import { redactUrl } from '../logging/logger.options.js';
import { AppException, appExceptionBody, type ErrorBody } from './app-exception.js';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Errors raised by Express middleware (body-parser) carry a 4xx `status` and `expose: true`. */
interface ClientError {
  status: number;
  expose?: boolean;
  type?: string;
  message: string;
}

function isClientError(error: unknown): error is ClientError {
  const candidate = error as Partial<ClientError> | null;
  return typeof candidate?.status === 'number' && candidate.status >= 400 && candidate.status < 500 && candidate.expose === true;
}

function httpExceptionBody(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const base = { statusCode: status, code: CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR') };
  if (typeof response === 'string') return { ...base, message: response };
  const { message, code, details } = response as { message?: unknown; code?: unknown; details?: unknown };
  return {
    ...base,
    ...(typeof code === 'string' ? { code } : {}),
    message: Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message,
    ...(details !== undefined ? { details } : {}),
  };
}

/**
 * The one place errors become HTTP responses. Client mistakes keep their 4xx and a readable
 * message; anything unexpected is logged with its stack and answered as a bare 500, so no
 * internals leak.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const body = this.toBody(exception, request);
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ErrorBody {
    if (exception instanceof AppException) {
      return appExceptionBody(exception);
    }
    if (exception instanceof HttpException) {
      const body = httpExceptionBody(exception);
      if (body.statusCode >= 500) this.logger.error(`${request.method} ${redactUrl(request.url)}: ${exception.message}`, exception.stack);
      return body;
    }
    if (isClientError(exception)) {
      const message = exception.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : exception.message;
      return { statusCode: exception.status, code: CODE_BY_STATUS[exception.status] ?? 'BAD_REQUEST', message };
    }
    const error = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(`${request.method} ${redactUrl(request.url)}: ${error.message}`, error.stack);
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'Internal server error' };
  }
}
