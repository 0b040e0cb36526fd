import { useState } from 'preact/hooks';
import type { ImportReport } from '../../protocol/types';
import { IMPORT_LIMITS } from '../../model/library-file';
import type { ImportProgress } from '../../protocol/import-worker';
import type { BatchedImportReport, TransferProgress } from '../../protocol/library-transfer';
import { t, tCount } from '../shared/i18n';
import { useOptions } from './context';
import { errorText } from '../shared/format';
import { exportLibraryFile, importLibraryFile, type CheckedIn } from './transfer';

function Counts({ report }: { report: ImportReport }) {
  return (
    <>
      <ul>
        <li data-testid="import-added">
          {t('options_importAdded', [
            tCount('options_articleCount', report.articlesAdded),
            tCount('options_versionCount', report.versionsAdded),
          ])}
        </li>
        <li data-testid="import-duplicates">{tCount('options_importDuplicates', report.duplicates)}</li>
        <li data-testid="import-rejected-count">
          {tCount('options_importRejected', report.rejected.length)}
        </li>
      </ul>
      {report.rejected.length > 0 && (
        <table class="cc-table" data-testid="import-rejections">
          <thead>
            <tr>
              <th scope="col">{t('options_importItem')}</th>
              <th scope="col">{t('options_importReason')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rejected.map((rejection, index) => (
              <tr key={index}>
                <td>{rejection.item}</td>
                <td>{rejection.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function ImportReportView({ report }: { report: ImportReport | BatchedImportReport }) {
  if ('partial' in report && report.partial) {
    // Earlier batches were stored and stay: saying "nothing was changed" would be false.
    return (
      <div class="cc-report cc-report-fatal" role="alert" data-testid="import-report">
        <h3>{t('options_importStopped')}</h3>
        <p>{report.fatal ?? t('options_errorUnknown')}</p>
        <p data-testid="import-partial">
          {t('options_importPartial', [
            report.versionsDone.toLocaleString(),
            report.versionsTotal.toLocaleString(),
          ])}
        </p>
        <Counts report={report} />
      </div>
    );
  }
  if (report.fatal !== null || !report.ok) {
    return (
      <div class="cc-report cc-report-fatal" role="alert" data-testid="import-report">
        <h3>{t('options_importFailed')}</h3>
        <p>{report.fatal ?? t('options_errorUnknown')}</p>
        <p>{t('options_importNothingChanged')}</p>
      </div>
    );
  }
  return (
    <div class="cc-report" role="status" data-testid="import-report">
      <h3>{t('options_importDone')}</h3>
      <Counts report={report} />
    </div>
  );
}

/** The import's status line: reading the file, checking it, then versions sent. */
function importProgressText(progress: ImportProgress | null): string {
  if (progress?.phase === 'reading' && progress.total > 0) {
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    return t('options_importReading', [mb(progress.done), mb(progress.total)]);
  }
  if (progress?.phase === 'checking') return t('options_importChecking');
  if (progress?.phase === 'sending' && progress.total > 0) {
    return t('options_importingProgress', [progress.done.toLocaleString(), progress.total.toLocaleString()]);
  }
  return t('options_importing');
}

export function DataPanel() {
  const { client, requestDelete, libraryChanged } = useOptions();
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [report, setReport] = useState<ImportReport | BatchedImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exportProgress, setExportProgress] = useState<TransferProgress | null>(null);
  const [importProgress, setImportProgress] = useState<ImportProgress | null>(null);
  const [checkedIn, setCheckedIn] = useState<CheckedIn | null>(null);

  const exportAll = async () => {
    setError(null);
    setExporting(true);
    setExportProgress(null);
    try {
      const json = await exportLibraryFile(client, null, setExportProgress);
      client.saveFile(
        `crosscheck-library-${new Date().toISOString().slice(0, 10)}.json`,
        json,
        'application/json',
      );
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setExporting(false);
      setExportProgress(null);
    }
  };

  const importFile = async (file: File) => {
    setError(null);
    setReport(null);
    // Reading an oversized file would exhaust the page's memory or fail in messaging with an
    // error that names neither the file nor the cause: its size in bytes settles it first (bytes
    // are never fewer than the UTF-16 units the background counts, so this is the stricter test).
    if (file.size > IMPORT_LIMITS.fileChars) {
      setReport({
        ok: false,
        articlesAdded: 0,
        versionsAdded: 0,
        duplicates: 0,
        rejected: [],
        fatal: `the file is larger than ${IMPORT_LIMITS.fileChars / 1024 / 1024} MB`,
      });
      return;
    }
    setImporting(true);
    setImportProgress(null);
    setCheckedIn(null);
    try {
      const result = await importLibraryFile(client, file, setImportProgress, setCheckedIn);
      setReport(result);
      if (result.versionsDone > 0) libraryChanged();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setImporting(false);
      setImportProgress(null);
    }
  };

  return (
    <section aria-labelledby="cc-data-title">
      <h2 id="cc-data-title" class="cc-section-title">
        {t('options_dataTitle')}
      </h2>
      {error && (
        <p class="cc-inline-error" role="alert">
          {error}
        </p>
      )}
      <div class="cc-card">
        <h3>{t('options_exportTitle')}</h3>
        <p class="cc-hint">{t('options_exportHint')}</p>
        <button
          type="button"
          class="cc-button cc-button--primary"
          disabled={exporting}
          onClick={() => void exportAll()}
          data-testid="export-library"
        >
          {exporting ? t('options_exporting') : t('options_exportAll')}
        </button>
        {exportProgress && exportProgress.total > 0 && (
          <p role="status" class="cc-hint" data-testid="export-progress">
            {t('options_exportingProgress', [
              exportProgress.done.toLocaleString(),
              exportProgress.total.toLocaleString(),
            ])}
          </p>
        )}
      </div>
      <div class="cc-card" data-testid="import-card" data-checked-in={checkedIn ?? undefined}>
        <h3>{t('options_importTitle')}</h3>
        <p class="cc-hint">{t('options_importHint')}</p>
        <label class="cc-file">
          <span>{t('options_importChoose')}</span>
          <input
            type="file"
            accept="application/json,.json"
            disabled={importing}
            data-testid="import-file"
            onChange={(event) => {
              const input = event.currentTarget;
              const file = input.files?.[0];
              if (file) void importFile(file).finally(() => (input.value = ''));
            }}
          />
        </label>
        {importing && (
          <p role="status" class="cc-hint" data-testid="import-progress">
            {importProgressText(importProgress)}
          </p>
        )}
        {report && <ImportReportView report={report} />}
      </div>
      <div class="cc-card cc-danger-zone">
        <h3>{t('options_deleteAllTitle')}</h3>
        <p class="cc-hint">{t('options_deleteAllHint')}</p>
        <button
          type="button"
          class="cc-button cc-button--danger"
          data-testid="delete-all"
          onClick={() => void requestDelete({ kind: 'all' }, t('options_confirmDeleteAll'))}
        >
          {t('options_deleteAll')}
        </button>
      </div>
    </section>
  );
}
