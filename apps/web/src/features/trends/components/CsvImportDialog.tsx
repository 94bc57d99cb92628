import { useId, useMemo, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { formatNumber } from '../../../shared/i18n/format';
import { Button } from '../../../shared/ui/Button';
import { Dialog } from '../../../shared/ui/Dialog';
import { FormError } from '../../../shared/ui/FormError';
import { useImportCsv, type ImportResult } from '../api/radar';
import { parseCsv } from '../lib/csv';

/** The columns the import reads (the API's; a file may order them as it likes). */
export const IMPORT_REQUIRED_COLUMNS = ['label', 'kind', 'region', 'date'] as const;
export const IMPORT_OPTIONAL_COLUMNS = ['platform', 'source', 'url', 'notes'] as const;
const PREVIEW_ROWS = 50;

export interface PreviewRow {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  cells: string[];
  /** Cells in the row when it has more or fewer than the header; null when it matches. */
  cellCount: number | null;
}

/**
 * What the file looks like before it is sent: its header and rows, each row with the problems
 * the browser can already see (cells missing or extra). The API checks every value again and
 * its row errors are added next to these.
 */
export function previewCsv(text: string): { header: string[]; rows: PreviewRow[] } {
  const [header, ...rows] = parseCsv(text);
  const columns = (header?.cells ?? []).map((cell) => cell.trim());
  return {
    header: columns,
    rows: rows.map(({ line, cells }) => ({ line, cells, cellCount: cells.length === columns.length ? null : cells.length })),
  };
}

/** Creative Center entries, typed or exported by a person: pasted or chosen as a file, previewed, then imported. */
export function CsvImportDialog({ workspaceId, onClose }: { workspaceId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const textId = useId();
  const importCsv = useImportCsv(workspaceId);
  const [text, setText] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const preview = useMemo(() => previewCsv(text), [text]);

  const chooseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setResult(null);
    setText(await file.text());
  };

  const serverErrors = new Map<number, string[]>();
  for (const error of result?.errors ?? []) {
    serverErrors.set(error.row, [...(serverErrors.get(error.row) ?? []), error.column ? `${error.column}: ${error.message}` : error.message]);
  }
  const shown = preview.rows.slice(0, PREVIEW_ROWS);
  const shownLines = new Set(shown.map((row) => row.line));
  const otherErrors = (result?.errors ?? []).filter((error) => !shownLines.has(error.row));

  return (
    <Dialog
      title={t('trendRadar.import.title')}
      description={t('trendRadar.import.description', { required: IMPORT_REQUIRED_COLUMNS.join(', '), optional: IMPORT_OPTIONAL_COLUMNS.join(', ') })}
      onDismiss={importCsv.isPending ? undefined : onClose}
      actions={
        <>
          <Button onClick={onClose} disabled={importCsv.isPending}>
            {result ? t('trendRadar.import.done') : t('common.cancel')}
          </Button>
          <Button
            variant="primary"
            loading={importCsv.isPending}
            disabled={preview.rows.length === 0}
            onClick={() => importCsv.mutate(text, { onSuccess: (answer) => setResult(answer) })}
          >
            {t('trendRadar.import.submit', { count: preview.rows.length })}
          </Button>
        </>
      }
    >
      <div className="radar-import">
        <div className="form-field">
          <label className="form-label" htmlFor={`${textId}-file`}>
            {t('trendRadar.import.file')}
          </label>
          <input id={`${textId}-file`} className="input" type="file" accept=".csv,text/csv" onChange={(event) => void chooseFile(event)} />
        </div>
        <div className="form-field">
          <label className="form-label" htmlFor={textId}>
            {t('trendRadar.import.paste')}
          </label>
          <textarea
            id={textId}
            className="input radar-import-text"
            rows={5}
            spellCheck={false}
            value={text}
            onChange={(event) => {
              setResult(null);
              setText(event.target.value);
            }}
          />
        </div>
        {result ? (
          <p className="radar-import-result" role="status">
            {t('trendRadar.import.imported', { count: result.items.length })}
            {result.errors.length > 0 ? ` ${t('trendRadar.import.rejected', { count: new Set(result.errors.map((error) => error.row)).size })}` : ''}
          </p>
        ) : null}
        {otherErrors.length > 0 ? (
          <ul className="form-errors radar-import-other">
            {otherErrors.map((error, index) => (
              <li key={`${error.row}-${index}`}>
                {t('trendRadar.import.lineError', { line: error.row, message: error.column ? `${error.column}: ${error.message}` : error.message })}
              </li>
            ))}
          </ul>
        ) : null}
        <FormError error={importCsv.error} title={t('trendRadar.import.failed')} />
        {preview.rows.length > 0 ? (
          <div className="radar-table-scroll" role="region" aria-label={t('trendRadar.import.preview')} tabIndex={0}>
            <table className="radar-table">
              <caption>
                {t('trendRadar.import.previewCaption', {
                  shown: formatNumber(shown.length),
                  count: preview.rows.length,
                  total: formatNumber(preview.rows.length),
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('trendRadar.import.line')}</th>
                  {preview.header.map((column, index) => (
                    <th scope="col" key={`${column}-${index}`} translate="no">
                      {column}
                    </th>
                  ))}
                  <th scope="col">{t('trendRadar.import.problems')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => {
                  const problems = [
                    ...(row.cellCount === null ? [] : [t('trendRadar.import.cellCount', { cells: row.cellCount, expected: preview.header.length })]),
                    ...(serverErrors.get(row.line) ?? []),
                  ];
                  return (
                    <tr key={row.line} className={problems.length ? 'radar-import-row--bad' : undefined}>
                      <th scope="row">{formatNumber(row.line)}</th>
                      {preview.header.map((column, index) => (
                        <td key={`${column}-${index}`}>{row.cells[index] ?? ''}</td>
                      ))}
                      <td>{problems.length ? problems.join(' · ') : result ? t('trendRadar.import.rowOk') : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
