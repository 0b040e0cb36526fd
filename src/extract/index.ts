/** Article extraction: Document or plain text → Article. */
export {
  EXTRACTOR_VERSION,
  MAX_ELEMENTS,
  MAX_TEXT_BYTES,
  articleFromText,
  contentHashOf,
  extractArticle,
} from './extract';
export type { ExtractOptions } from './extract';
export { cleanParagraphs } from './furniture';
export type { CleanedParagraphs } from './furniture';
export { TRACKING_PARAMS, normalizeUrlKey, outletOf } from './url';
