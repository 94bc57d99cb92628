export interface CsvRow {
  /** 1-based line of the file the row starts on. */
  line: number;
  cells: string[];
}

/**
 * A small RFC 4180 reader for the Creative Center import's preview: commas or semicolons
 * (a French spreadsheet saves with semicolons), quoted fields with "" escapes and line breaks,
 * CRLF or LF. Each row keeps the line it starts on, so the API's row errors (by line) land on it.
 * The API parses again and its row errors are the ones that count.
 */
export function parseCsv(text: string): CsvRow[] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: CsvRow[] = [];
  let line = 1;
  let rowLine = 1;
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    cells.push(field);
    // Blank lines (a trailing newline, a spacer row) are not rows.
    if (cells.some((cell) => cell.trim() !== '')) rows.push({ line: rowLine, cells });
    cells = [];
    field = '';
  };
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === delimiter) {
      cells.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else {
      field += char;
    }
  }
  if (field !== '' || cells.length > 0) endRow();
  return rows;
}
