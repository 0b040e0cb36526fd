import { render } from 'preact';
import { createPageClient, installBrowserMessages } from '@/src/platform/ui-client';
import { ComparePage, parseCompareParams } from '@/src/ui/compare-page/ComparePage';
import '@/src/ui/shared/theme.css';
import '@/src/ui/options/options.css';
import '@/src/ui/compare-page/compare.css';

installBrowserMessages();
render(
  <ComparePage client={createPageClient()} params={parseCompareParams(location.search)} />,
  document.getElementById('app')!,
);
