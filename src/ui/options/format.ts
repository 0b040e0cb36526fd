/** Human-readable figures for the options and comparison pages. */
import { formatDate } from '../shared/format';
import { t } from '../shared/i18n';

export { formatDateTime } from '../shared/format';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** Published times come from the page and may be unparseable; show them as given then. */
export function formatPublished(iso: string | null): string | null {
  if (!iso) return null;
  return formatDate(iso);
}

/** Only web addresses become links: a stored `javascript:` URL must never be clickable. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return t('options_errorUnknown');
}
