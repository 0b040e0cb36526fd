import { defineContentScript } from 'wxt/utils/define-content-script';
import { extractCurrentPage } from '@/src/platform/extract-page';

/** Injected on demand by the background (never declared in the manifest); its result is the ExtractResult. */
export default defineContentScript({
  registration: 'runtime',
  main: () => extractCurrentPage(),
});
