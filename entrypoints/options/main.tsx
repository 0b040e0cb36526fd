import { render } from 'preact';
import { browserMessage, createPageClient } from '@/src/platform/ui-client';
import type { PageClient } from '@/src/ui/shared/client';
import { setMessageLookup } from '@/src/ui/shared/i18n';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import '@/src/ui/shared/theme.css';
import '@/src/ui/shared/page.css';
import '@/src/ui/options/options.css';
import '@/src/ui/options/panels.css';

setMessageLookup(browserMessage);
const client: PageClient = createPageClient();
render(<OptionsApp client={client} />, document.getElementById('app')!);
