/**
 * The reader's settings, as the store keeps them and the protocol carries them. Pure types and
 * their checks: both sides of a message and the store read them, none of them owns them.
 */

export type AutoCaptureMode = 'off' | 'allowed-outlets' | 'all';

export type Retention = { kind: 'all' } | { kind: 'last'; count: number } | { kind: 'days'; days: number };

export interface Settings {
  autoCapture: AutoCaptureMode;
  retention: Retention;
}

export const DEFAULT_SETTINGS: Settings = { autoCapture: 'off', retention: { kind: 'all' } };

export function isAutoCaptureMode(value: unknown): value is AutoCaptureMode {
  return value === 'off' || value === 'allowed-outlets' || value === 'all';
}

export function isRetention(value: unknown): value is Retention {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { kind?: unknown; count?: unknown; days?: unknown };
  if (candidate.kind === 'all') return true;
  if (candidate.kind === 'last') return Number.isInteger(candidate.count) && (candidate.count as number) >= 1;
  if (candidate.kind === 'days') return Number.isInteger(candidate.days) && (candidate.days as number) >= 1;
  return false;
}
