import { useCallback, useEffect, useRef, useState } from 'react';
import { DetailedError, Upload, type HttpRequest, type HttpResponse } from 'tus-js-client';

import { CSRF_COOKIE, CSRF_HEADER, readCookie } from '../../../shared/api/client';
import { ApiError } from '../../../shared/api/errors';

export const UPLOAD_ENDPOINT = '/api/uploads';
const CHUNK_SIZE = 8 * 1024 * 1024;

export interface UploadState {
  status: 'idle' | 'uploading' | 'paused' | 'done' | 'error';
  bytesSent: number;
  bytesTotal: number;
  /** From the finishing PATCH's `Mwr-Asset-Id`. */
  assetId: string | null;
  /** `Mwr-Duplicate-Of`: the workspace already had these bytes. */
  duplicateOf: string | null;
  /** Why the upload failed: an ApiError when the server answered (word it with errorMessage), else the network or library error. */
  error: unknown;
}

const IDLE: UploadState = { status: 'idle', bytesSent: 0, bytesTotal: 0, assetId: null, duplicateOf: null, error: null };

/** Adds the CSRF header (the session cookie authenticates tus requests too). */
export function addCsrfHeader(request: HttpRequest): void {
  if (request.getMethod().toUpperCase() === 'GET' || request.getMethod().toUpperCase() === 'HEAD') return;
  const token = readCookie(CSRF_COOKIE);
  if (token) request.setHeader(CSRF_HEADER, token);
}

/**
 * tus-js-client reports a refusal as one Error whose message dumps the request and the JSON body;
 * the body is the API's standard error, so it becomes an ApiError like any other answer.
 */
export function uploadError(error: Error): unknown {
  const response = error instanceof DetailedError ? error.originalResponse : null;
  if (!response) return error;
  let body: unknown;
  try {
    body = JSON.parse(response.getBody());
  } catch {
    body = undefined;
  }
  return new ApiError(response.getStatus(), body);
}

/**
 * A resumable tus upload of one file to the API, with real byte progress, pause (abort the
 * request, keep the upload) and resume (continue from the server's offset).
 */
export function useTusUpload() {
  const [state, setState] = useState<UploadState>(IDLE);
  const uploadRef = useRef<Upload | null>(null);

  useEffect(
    () => () => {
      void uploadRef.current?.abort();
    },
    [],
  );

  const start = useCallback((file: File) => {
    void uploadRef.current?.abort();
    setState({ ...IDLE, status: 'uploading', bytesTotal: file.size });
    let assetId: string | null = null;
    let duplicateOf: string | null = null;
    const upload = new Upload(file, {
      endpoint: UPLOAD_ENDPOINT,
      chunkSize: CHUNK_SIZE,
      retryDelays: [0, 1000, 3000, 5000],
      metadata: { filename: file.name, filetype: file.type || 'video/mp4' },
      storeFingerprintForResuming: false,
      onBeforeRequest: addCsrfHeader,
      onAfterResponse: (_request: HttpRequest, response: HttpResponse) => {
        assetId = response.getHeader('Mwr-Asset-Id') || assetId;
        duplicateOf = response.getHeader('Mwr-Duplicate-Of') || duplicateOf;
      },
      onProgress: (bytesSent, bytesTotal) => setState((current) => ({ ...current, bytesSent, bytesTotal: bytesTotal || current.bytesTotal })),
      onSuccess: () => setState((current) => ({ ...current, status: 'done', bytesSent: current.bytesTotal, assetId, duplicateOf })),
      onError: (error) => setState((current) => ({ ...current, status: 'error', error: uploadError(error) })),
    });
    uploadRef.current = upload;
    upload.start();
  }, []);

  const pause = useCallback(() => {
    void uploadRef.current?.abort();
    setState((current) => (current.status === 'uploading' ? { ...current, status: 'paused' } : current));
  }, []);

  const resume = useCallback(() => {
    uploadRef.current?.start();
    setState((current) => (current.status === 'paused' ? { ...current, status: 'uploading' } : current));
  }, []);

  const reset = useCallback(() => {
    void uploadRef.current?.abort();
    uploadRef.current = null;
    setState(IDLE);
  }, []);

  return { state, start, pause, resume, reset };
}
