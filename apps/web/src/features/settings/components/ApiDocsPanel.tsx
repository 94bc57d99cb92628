import { useTranslation } from 'react-i18next';

import { Panel } from '../../../shared/ui/Panel';

/** Where the API serves its Swagger UI and the OpenAPI document (apps/api/src/common/openapi/openapi.ts). */
export const API_DOCS_PATH = '/api/docs';
export const OPENAPI_JSON_PATH = '/api/openapi.json';

/** Settings → API documentation: for whoever writes an integration with an API key. */
export function ApiDocsPanel() {
  const { t } = useTranslation();
  return (
    <Panel title={t('settings.apiDocs.title')} description={t('settings.apiDocs.description')}>
      <ul className="plain-list">
        <li>
          <a href={API_DOCS_PATH} target="_blank" rel="noreferrer">
            {t('settings.apiDocs.reference')}
          </a>
        </li>
        <li>
          <a href={OPENAPI_JSON_PATH} target="_blank" rel="noreferrer">
            {t('settings.apiDocs.spec')}
          </a>
        </li>
      </ul>
    </Panel>
  );
}
