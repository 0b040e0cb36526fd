import { useEffect, useState } from 'preact/hooks';
import {
  DEFAULT_WATCH_SCHEDULE,
  WATCH_SCHEDULE_KEYS,
  WATCH_SCHEDULE_LIMITS,
  type WatchSchedule,
} from '../../model/settings';
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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Each field of the schedule as the reader sees it: its unit, and the words around its input. */
const SCHEDULE_FIELDS: { key: keyof WatchSchedule; unit: number; label: string; unitLabel: string }[] = [
  { key: 'earlyIntervalMs', unit: HOUR, label: 'options_watchEarlyInterval', unitLabel: 'options_unitHours' },
  { key: 'earlyPeriodMs', unit: DAY, label: 'options_watchEarlyPeriod', unitLabel: 'options_unitDaysAfter' },
  { key: 'lateIntervalMs', unit: HOUR, label: 'options_watchLateInterval', unitLabel: 'options_unitHours' },
  { key: 'windowMs', unit: DAY, label: 'options_watchWindow', unitLabel: 'options_unitDaysAfter' },
  { key: 'maxFetchesPerHour', unit: 1, label: 'options_watchBudget', unitLabel: 'options_unitPerHour' },
];

type ScheduleDraft = Record<keyof WatchSchedule, string>;

/** A stored schedule in the form's units (hours, days), at most two decimals. */
function draftOf(schedule: WatchSchedule): ScheduleDraft {
  const draft = {} as ScheduleDraft;
  for (const { key, unit } of SCHEDULE_FIELDS)
    draft[key] = String(Math.round((schedule[key] / unit) * 100) / 100);
  return draft;
}

/** The field's value in milliseconds (or fetches), or null when it is not a number in its range. */
function fieldValue(draft: ScheduleDraft, key: keyof WatchSchedule, unit: number): number | null {
  // A number input gives "" for anything that is not a number, and a "." decimal mark always.
  const text = draft[key].trim();
  if (!/^\d+(?:\.\d+)?$/.test(text)) return null;
  const typed = Number(text);
  if (key === 'maxFetchesPerHour' && !Number.isInteger(typed)) return null;
  const value = Math.round(typed * unit);
  const { min, max } = WATCH_SCHEDULE_LIMITS[key];
  return value >= min && value <= max ? value : null;
}

function sameSchedule(a: WatchSchedule, b: WatchSchedule): boolean {
  return WATCH_SCHEDULE_KEYS.every((key) => a[key] === b[key]);
}

/**
 * "Watch schedule": how often watched articles are re-read, for how long, and the hourly
 * budget, in hours and days; Save, and "Reset to defaults" (which saves the defaults).
 */
function WatchScheduleForm({
  schedule,
  onSave,
}: {
  schedule: WatchSchedule;
  onSave: (next: WatchSchedule) => void;
}) {
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftOf(schedule));
  useEffect(() => setDraft(draftOf(schedule)), [schedule]);
  const values = SCHEDULE_FIELDS.map(({ key, unit }) => fieldValue(draft, key, unit));
  const next =
    values.every((value) => value !== null) &&
    (Object.fromEntries(SCHEDULE_FIELDS.map(({ key }, i) => [key, values[i]])) as unknown as WatchSchedule);
  const unchanged = next !== false && sameSchedule(next, schedule);
  const isDefault = sameSchedule(schedule, DEFAULT_WATCH_SCHEDULE);
  return (
    <form
      class="cc-card"
      data-testid="watch-schedule"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (next && !unchanged) onSave(next);
      }}
    >
      <fieldset>
        <legend>{t('options_watchScheduleTitle')}</legend>
        <p class="cc-hint">{t('options_watchScheduleHint')}</p>
        {SCHEDULE_FIELDS.map(({ key, unit, label, unitLabel }, i) => {
          const id = `cc-watch-${key}`;
          const { min, max } = WATCH_SCHEDULE_LIMITS[key];
          const invalid = values[i] === null;
          return (
            <p class="cc-schedule-field" key={key}>
              <label for={id}>{t(label)}</label>{' '}
              <input
                id={id}
                type="number"
                inputMode="decimal"
                class="cc-number"
                min={min / unit}
                max={max / unit}
                step={key === 'maxFetchesPerHour' ? 1 : 'any'}
                value={draft[key]}
                data-schedule={key}
                aria-invalid={invalid}
                aria-describedby={invalid ? `${id}-error` : undefined}
                onInput={(event) => {
                  const text = event.currentTarget.value;
                  setDraft((current) => ({ ...current, [key]: text }));
                }}
              />{' '}
              <span>{t(unitLabel)}</span>
              {invalid && (
                <span id={`${id}-error`} class="cc-inline-error cc-block" role="alert">
                  {t('options_watchOutOfRange', [String(min / unit), String(max / unit)])}
                </span>
              )}
            </p>
          );
        })}
        <div class="cc-actions">
          <button
            type="submit"
            class="cc-button cc-button--primary"
            disabled={!next || unchanged}
            data-testid="save-watch-schedule"
          >
            {t('options_save')}
          </button>{' '}
          <button
            type="button"
            class="cc-button"
            disabled={isDefault && (!next || unchanged)}
            data-testid="reset-watch-schedule"
            onClick={() => {
              setDraft(draftOf(DEFAULT_WATCH_SCHEDULE));
              if (!isDefault) onSave({ ...DEFAULT_WATCH_SCHEDULE });
            }}
          >
            {t('options_watchScheduleReset')}
          </button>
        </div>
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
      <WatchScheduleForm schedule={settings.watch} onSave={(watch) => void save({ watch })} />
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
