import { render } from 'preact';
import { browserMessage, createPageClient } from '@/src/platform/ui-client';
import type { PageClient } from '@/src/ui/shared/client';
import { setMessageLookup } from '@/src/ui/shared/i18n';
import { parseCompareParams } from '@/src/ui/shared/routes';
import { ComparePage } from '@/src/ui/compare-page/ComparePage';
import '@/src/ui/shared/theme.css';
import '@/src/ui/shared/page.css';
import '@/src/ui/compare-page/compare.css';

setMessageLookup(browserMessage);
const client: PageClient = createPageClient();
render(
  <ComparePage client={client} params={parseCompareParams(location.search)} />,
  document.getElementById('app')!,
);
