import { useQueryErrorResetBoundary } from '@tanstack/react-query';
import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../shared/api/errors';
import { ErrorNotice } from '../shared/ui/ErrorNotice';
import { Page } from '../shared/ui/Page';

/** Shown in place of a screen that threw while rendering or loading. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const { t } = useTranslation();
  const queryErrorResetBoundary = useQueryErrorResetBoundary();

  useEffect(() => {
    queryErrorResetBoundary.reset();
  }, [queryErrorResetBoundary]);

  return (
    <Page title={t('errors.somethingWentWrong')}>
      <ErrorNotice
        title={t('errors.screenFailed')}
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
