import { render } from 'preact';
import { createPageClient, installBrowserMessages } from '@/src/platform/ui-client';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import '@/src/ui/shared/theme.css';
import '@/src/ui/options/options.css';

installBrowserMessages();
render(<OptionsApp client={createPageClient()} />, document.getElementById('app')!);
