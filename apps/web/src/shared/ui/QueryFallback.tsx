import { useTranslation } from 'react-i18next';

import { describeError } from '../api/errors';
import { ErrorNotice } from './ErrorNotice';
import { Skeleton } from './Skeleton';

/** What a page shows while its query has no data: the API's error with a retry, or a skeleton. */
export function QueryFallback({
  query,
  errorTitle,
}: {
  query: { isError: boolean; error: unknown; isFetching: boolean; refetch: () => unknown };
  errorTitle: string;
}) {
  const { t } = useTranslation();
  if (query.isError) {
    return (
      <ErrorNotice title={errorTitle} onRetry={() => void query.refetch()} retrying={query.isFetching}>
        {describeError(query.error)}
      </ErrorNotice>
    );
  }
  return (
    <div aria-busy="true">
      <p className="visually-hidden">{t('common.loading')}</p>
      <Skeleton width="70%" />
    </div>
  );
}
