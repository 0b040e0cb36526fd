import { defineContentScript } from 'wxt/utils/define-content-script';
import { autoCapturePage } from '@/src/platform/autocapture-page';

/** Registered at run time for the sites the reader allowed (src/platform/autocapture.ts). */
export default defineContentScript({
  registration: 'runtime',
  main: () => autoCapturePage(),
});
