/**
 * Earlier versions of an article from web archives (the Wayback Machine and any Memento
 * archive). Pure TypeScript over an injected `fetch`: the extension's service worker and the
 * CLI use the same code.
 */
export {
  ArchiveError,
  EXTRA_READS,
  INTERNET_ARCHIVE,
  LIST_LIMIT,
  MAX_CAPTURE_BYTES,
  REQUEST_TIMEOUT_MS,
  captureLabel,
  decodePage,
  describeArchive,
  listCaptures,
  lookupHistory,
  pageTextOf,
  rawCaptureUrl,
  readCapture,
  type ArchiveOptions,
  type ArchiveSource,
  type CaptureListing,
  type CaptureRead,
  type Fetch,
  type HistoryResult,
  type LookupOptions,
  type UsedCapture,
} from './client';
export { CDX_FIELDS, cdxQueryUrl, parseCdx, type CdxQuery } from './cdx';
export {
  SAME_ARTICLE_OVERLAP,
  articleOverlap,
  judgeCapture,
  nonArticleKind,
  type CaptureEvidence,
  type Judgement,
  type NonArticleKind,
} from './judge';
export { DEFAULT_LIMIT, distinctCaptures, replacementFor, selectCaptures } from './select';
export { formatTimestamp, isoTime, parseHttpDate, parseRetryAfter, parseTimestamp } from './time';
export {
  originalFromMemento,
  parseLinkFormat,
  parseTimeMap,
  type Link,
  type TimeMap,
  type TimeMapLink,
} from './timemap';
export type {
  ArchiveFaultKind,
  Capture,
  CaptureList,
  CaptureOutcome,
  CaptureReasonCode,
  CaptureStatus,
  SkippedLine,
} from './types';
