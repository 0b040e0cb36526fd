/** The host-permission patterns the options page asks for (see HostPermissions in ../shared/client.ts). */

/** Every origin pattern of an outlet and its subdomains ("foxnews.com" → www., video., …). */
export function outletOrigins(outlet: string): string[] {
  return [`https://*.${outlet}/*`, `http://*.${outlet}/*`];
}

/** What "capture every readerable page" needs. */
export const ALL_SITES = ['http://*/*', 'https://*/*'];
