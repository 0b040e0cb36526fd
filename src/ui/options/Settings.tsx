import { useEffect, useState } from 'preact/hooks';
import type { AutoCaptureMode, Retention, Settings } from '../../protocol/types';
import { t } from '../shared/i18n';
import { ALL_SITES } from './origins';
import { useOptions } from './context';
import { errorText, formatBytes } from '../shared/format';
import { ErrorState, Loading } from '../shared/States';
import { useAsync } from '../shared/useAsync';

const MODES: { mode: AutoCaptureMode; label: string; hint: string }[] = [
  { mode: 'off', label: 'options_modeOff', hint: 'options_modeOffHint' },
  { mode: 'allowed-outlets', label: 'options_modeAllowed', hint: 'options_modeAllowedHint' },
  { mode: 'all', label: 'options_modeAll', hint: 'options_modeAllHint' },
];

function RetentionForm({ retention, onSave }: { retention: Retention; onSave: (next: Retention) => void }) {
  const [kind, setKind] = useState<Retention['kind']>(retention.kind);
  const [count, setCount] = useState(retention.kind === 'last' ? retention.count : 10);
  const [days, setDays] = useState(retention.kind === 'days' ? retention.days : 90);
  useEffect(() => setKind(retention.kind), [retention]);
  const next: Retention = kind === 'all' ? { kind } : kind === 'last' ? { kind, count } : { kind, days };
  const valid =
    kind === 'all' ||
    (kind === 'last' ? Number.isInteger(count) && count >= 1 : Number.isInteger(days) && days >= 1);
  const unchanged = JSON.stringify(next) === JSON.stringify(retention);
  return (
    <form
      class="cc-card"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) onSave(next);
      }}
    >
      <fieldset>
        <legend>{t('options_retentionTitle')}</legend>
        <label class="cc-radio">
          <input type="radio" name="cc-retention" checked={kind === 'all'} onChange={() => setKind('all')} />
          {t('options_retentionAll')}
        </label>
        <label class="cc-radio">
          <input
            type="radio"
            name="cc-retention"
            checked={kind === 'last'}
            onChange={() => setKind('last')}
          />
          {t('options_retentionLast')}
          <input
            type="number"
            min={1}
            step={1}
            class="cc-number"
            value={count}
            disabled={kind !== 'last'}
            aria-label={t('options_retentionLastCount')}
            onInput={(event) => setCount(Number(event.currentTarget.value))}
          />
          {t('options_retentionLastUnit')}
        </label>
        <label class="cc-radio">
          <input
            type="radio"
            name="cc-retention"
            checked={kind === 'days'}
            onChange={() => setKind('days')}
          />
          {t('options_retentionDays')}
          <input
            type="number"
            min={1}
            step={1}
            class="cc-number"
            value={days}
            disabled={kind !== 'days'}
            aria-label={t('options_retentionDaysCount')}
            onInput={(event) => setDays(Number(event.currentTarget.value))}
          />
          {t('options_retentionDaysUnit')}
        </label>
        <p class="cc-hint">{t('options_retentionHint')}</p>
        <button
          type="submit"
          class="cc-button cc-button--primary"
          disabled={!valid || unchanged}
          data-testid="save-retention"
        >
          {t('options_save')}
        </button>
      </fieldset>
    </form>
  );
}

/** "https://web.archive.org" → "https://web.archive.org/*": the host permission a lookup needs. */
function originPatternOf(base: string): string | null {
  try {
    // No port: Firefox refuses patterns with one (see src/service/archive-lookup.ts).
    const url = new URL(base);
    return /^https?:$/.test(url.protocol) && url.hostname ? `${url.protocol}//${url.hostname}/*` : null;
  } catch {
    return null;
  }
}

function ArchiveForm({
  settings,
  onSave,
  onDenied,
  request,
}: {
  settings: Settings;
  onSave: (patch: Partial<Settings>) => void;
  onDenied: () => void;
  request: (origins: string[]) => Promise<boolean>;
}) {
  const [base, setBase] = useState(settings.archiveBase);
  useEffect(() => setBase(settings.archiveBase), [settings.archiveBase]);
  const pattern = originPatternOf(base.trim());
  const unchanged = base.trim().replace(/\/+$/, '') === settings.archiveBase;
  return (
    <form
      class="cc-card"
      data-testid="archive-settings"
      onSubmit={(event) => {
        event.preventDefault();
        if (pattern && !unchanged) onSave({ archiveBase: base.trim() });
      }}
    >
      <fieldset>
        <legend>{t('options_archiveTitle')}</legend>
        <label class="cc-radio cc-radio-block">
          <input
            type="checkbox"
            checked={settings.archiveOnOpen}
            data-testid="archive-on-open"
            onChange={(event) => {
              const on = event.currentTarget.checked;
              const current = originPatternOf(settings.archiveBase);
              if (!on || !current) {
                onSave({ archiveOnOpen: on });
                return;
              }
              // Asked for right here in the change handler: the browser only prompts inside a user gesture.
              request([current]).then(
                (granted) => (granted ? onSave({ archiveOnOpen: true }) : onDenied()),
                () => onDenied(),
              );
            }}
          />
          <span>
            <strong>{t('options_archiveOnOpen')}</strong>
            <span class="cc-hint cc-block">{t('options_archiveOnOpenHint')}</span>
          </span>
        </label>
        <label class="cc-block">
          {t('options_archiveBase')}{' '}
          <input
            type="url"
            class="cc-archive-base"
            value={base}
            data-testid="archive-base"
            onInput={(event) => setBase(event.currentTarget.value)}
          />
        </label>
        <p class="cc-hint">{t('options_archiveBaseHint')}</p>
        <button
          type="submit"
          class="cc-button cc-button--primary"
          disabled={!pattern || unchanged}
          data-testid="save-archive"
        >
          {t('options_save')}
        </button>
      </fieldset>
    </form>
  );
}

export function SettingsPanel() {
  const { client, revision, libraryChanged } = useOptions();
  const [state, reload] = useAsync(
    () => Promise.all([client.api.getSettings({}), client.api.storageUsage({})]),
    [revision],
  );
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);

  const save = (patch: Partial<Settings>) =>
    client.api.setSettings(patch).then(
      () => {
        setNotice({ text: t('options_saved'), error: false });
        libraryChanged();
      },
      (error: unknown) => setNotice({ text: errorText(error), error: true }),
    );

  const chooseMode = (mode: AutoCaptureMode, current: AutoCaptureMode) => {
    setNotice(null);
    if (mode === 'all') {
      // Requested right here in the change handler: the browser only prompts inside a user gesture.
      client.permissions.request(ALL_SITES).then(
        (granted) => {
          if (granted) void save({ autoCapture: 'all' });
          else {
            setNotice({ text: t('options_allSitesDenied'), error: true });
            reload();
          }
        },
        (error: unknown) => setNotice({ text: errorText(error), error: true }),
      );
      return;
    }
    const release = current === 'all' ? client.permissions.remove(ALL_SITES) : Promise.resolve(true);
    release.then(
      () => void save({ autoCapture: mode }),
      (error: unknown) => setNotice({ text: errorText(error), error: true }),
    );
  };

  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (!state.data) return <Loading />;
  const [settings, usage] = state.data;

  return (
    <section aria-labelledby="cc-settings-title">
      <h2 id="cc-settings-title" class="cc-section-title">
        {t('options_settingsTitle')}
      </h2>
      {notice && (
        <p class={notice.error ? 'cc-inline-error' : 'cc-inline-ok'} role={notice.error ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      <div class="cc-card">
        <fieldset>
          <legend>{t('options_autoCaptureTitle')}</legend>
          {MODES.map(({ mode, label, hint }) => (
            <label class="cc-radio cc-radio-block" key={mode}>
              <input
                type="radio"
                name="cc-auto-capture"
                value={mode}
                checked={settings.autoCapture === mode}
                onChange={() => chooseMode(mode, settings.autoCapture)}
                data-testid={`auto-capture-${mode}`}
              />
              <span>
                <strong>{t(label)}</strong>
                <span class="cc-hint cc-block">{t(hint)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </div>
      <RetentionForm retention={settings.retention} onSave={(retention) => void save({ retention })} />
      <ArchiveForm
        settings={settings}
        onSave={(patch) => void save(patch)}
        onDenied={() => {
          setNotice({ text: t('options_archiveDenied'), error: true });
          reload();
        }}
        request={client.permissions.request}
      />
      <div class="cc-card" data-testid="storage-usage">
        <h3>{t('options_storageTitle')}</h3>
        <p>
          {usage.bytes === null
            ? t('options_storageUnknown')
            : usage.quota
              ? t('options_storageUsedOf', [formatBytes(usage.bytes), formatBytes(usage.quota)])
              : t('options_storageUsed', formatBytes(usage.bytes))}
        </p>
        <p class="cc-hint">
          {t('options_storageCounts', [usage.articles.toLocaleString(), usage.versions.toLocaleString()])}
        </p>
        {usage.bytes !== null && usage.quota ? (
          <meter min={0} max={usage.quota} value={usage.bytes} high={usage.quota * 0.9} class="cc-meter" />
        ) : null}
      </div>
    </section>
  );
}
