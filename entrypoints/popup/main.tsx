import { render } from 'preact';
import { createPopupClient } from '@/src/platform/popup-client';
import { browserMessage } from '@/src/platform/ui-client';
import type { PopupClient } from '@/src/ui/shared/client';
import { setMessageLookup } from '@/src/ui/shared/i18n';
import { popupInTabPath, tabIdFromSearch } from '@/src/ui/shared/routes';
import { Popup } from '@/src/ui/popup/Popup';
import '@/src/ui/shared/theme.css';
import '@/src/ui/popup/popup.css';

setMessageLookup(browserMessage);
const client: PopupClient = createPopupClient({
  requestedTabId: tabIdFromSearch(location.search),
  inTabPath: popupInTabPath,
});
render(<Popup client={client} />, document.getElementById('app')!);
