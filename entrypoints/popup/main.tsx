import { render } from 'preact';
import '@/src/ui/shared/theme.css';
import '@/src/ui/popup/popup.css';
import { setMessageLookup } from '@/src/ui/shared/i18n';
import { Popup } from '@/src/ui/popup/Popup';
import { browserMessage, createBrowserClient } from './client';

setMessageLookup(browserMessage);
render(<Popup client={createBrowserClient(window.location)} />, document.getElementById('app')!);
