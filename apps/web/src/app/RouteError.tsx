import { useQueryErrorResetBoundary } from '@tanstack/react-query';
import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useEffect } from 'react';
import { describeError } from '../shared/api/errors';
import { ErrorNotice } from '../shared/ui/ErrorNotice';
import { Page } from '../shared/ui/Page';

/** Shown in place of a screen that threw while rendering or loading. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const queryErrorResetBoundary = useQueryErrorResetBoundary();

  useEffect(() => {
    queryErrorResetBoundary.reset();
  }, [queryErrorResetBoundary]);

  return (
    <Page title="Something went wrong">
      <ErrorNotice
        title="This screen could not be displayed"
        onRetry={() => {
          reset();
          void router.invalidate();
        }}
      >
        {describeError(error)}
      </ErrorNotice>
    </Page>
  );
}
