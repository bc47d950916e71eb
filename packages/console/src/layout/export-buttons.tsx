import type { TExportFormat, TFileDownload } from '@kulup/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorMessage } from './ui';


/** Hands a downloaded file to the browser: a Blob behind an object URL, clicked as a `download` link. */
export function saveFile(file: TFileDownload): void {
  // The typed client reads a download into one array (a stream body exists only on the server side).
  if (!(file.body instanceof Uint8Array)) throw new Error('expected the file bytes');
  const blob = new Blob([file.body as Uint8Array<ArrayBuffer>], { type: file.contentType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started reading the Blob by now; free it a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * CSV and XLSX buttons of a page's export: `download` fetches the file through the typed client (with the
 * page's current filters), the browser saves it under the server's file name.
 */
export function ExportButtons({ label, download }: { label?: string; download: (format: TExportFormat) => Promise<TFileDownload> }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  async function run(format: TExportFormat) {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const file = await download(format);
      saveFile(file);
      setDone(file.fileName);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="export-buttons" role="group" aria-label={label ?? t('exports.group')}>
      <button type="button" className="secondary" disabled={busy} onClick={() => void run('csv')}>
        {t('exports.csv')}
      </button>
      <button type="button" className="secondary" disabled={busy} onClick={() => void run('xlsx')}>
        {t('exports.xlsx')}
      </button>
      <span role="status" className="muted">
        {busy ? t('exports.busy') : done ? t('exports.done', { file: done }) : ''}
      </span>
      <ErrorMessage error={error} />
    </div>
  );
}
