import { useTranslation } from 'react-i18next';

import { ApiError, describeError } from '../api/errors';
import { ErrorNotice } from './ErrorNotice';

interface FormErrorProps {
  /** The failed mutation's error, or null when there is none. */
  error: unknown;
  title: string;
  /** Fields the form shows messages for: when the API only complains about those, they speak for themselves. */
  fields?: readonly string[];
}

/** The API's message for a failed form submission (401/409/429…); validation messages go to the fields. */
export function FormError({ error, title, fields = [] }: FormErrorProps) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError) {
    const reported = Object.keys(error.fieldErrors);
    if (reported.length > 0 && reported.every((field) => fields.includes(field))) {
      return <ErrorNotice title={title}>{t('common.checkFields')}</ErrorNotice>;
    }
  }
  return <ErrorNotice title={title}>{describeError(error)}</ErrorNotice>;
}
