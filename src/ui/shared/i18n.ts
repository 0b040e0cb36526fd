/**
 * User-facing strings. In the extension they come from the browser's i18n API (so a future
 * locale folder just works); anywhere else (jsdom tests, previews) from the English catalogue,
 * with the same placeholder rules Chrome and Firefox apply.
 */
import english from '../../../public/_locales/en/messages.json';

interface CatalogueEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

type Catalogue = Record<string, CatalogueEntry>;

/** Same contract as `browser.i18n.getMessage`: an empty string when the key is unknown. */
export type MessageLookup = (key: string, substitutions?: string[]) => string;

const catalogue = english as unknown as Catalogue;

export function catalogueMessage(key: string, substitutions: string[] = []): string {
  const entry = catalogue[key];
  if (!entry) return '';
  const positional = (slot: string) => substitutions[Number(slot) - 1] ?? '';
  // One pass, so substituted text (an article title with "$1" in it) is never expanded again.
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$|\$(\d)|\$\$/g, (whole, name?: string, slot?: string) => {
    if (slot) return positional(slot);
    if (!name) return '$';
    const content = entry.placeholders?.[name.toLowerCase()]?.content;
    if (content === undefined) return whole;
    return content.replace(/\$(\d)/g, (_, inner: string) => positional(inner));
  });
}

let lookup: MessageLookup = catalogueMessage;

/** The extension entrypoints install `browser.i18n.getMessage` here. */
export function setMessageLookup(next: MessageLookup): void {
  lookup = next;
}

export function t(key: string, substitutions?: string | number | (string | number)[]): string {
  const subs =
    substitutions === undefined
      ? []
      : (Array.isArray(substitutions) ? substitutions : [substitutions]).map(String);
  // The browser answers '' for keys it does not know (e.g. a stale build); the catalogue is the
  // source of truth, and the raw key beats a blank label if both miss.
  return lookup(key, subs) || catalogueMessage(key, subs) || key;
}

/** Chrome's i18n has no plural rules, so plural strings come as `<key>_one` / `<key>_other`. */
export function tCount(key: string, count: number): string {
  return t(`${key}_${count === 1 ? 'one' : 'other'}`, count.toLocaleString());
}
