/**
 * Which outlet published an article. The host alone cannot tell: one host may carry several
 * publishers (news aggregators, syndication partners, a local server), so the publisher the page
 * names decides, and the host is the fallback when a page names none.
 */
import { outletOf as hostOf } from '../extract/url';
import type { Article } from '../model/types';

type OutletFields = Pick<Article, 'url' | 'canonicalUrl' | 'siteName' | 'urlKey'> & {
  publisher?: string | null;
};

/**
 * A publisher name folded for comparison: case, punctuation, a leading "The" and a trailing
 * "Inc."/"Ltd" do not make another publisher. A name that is a bare domain is taken as a host.
 */
export function publisherKey(name: string | null | undefined): string | null {
  if (!name) return null;
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^(?:www\.)/, '')
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    .replace(/^the /, '')
    .replace(/ (?:inc|llc|ltd|plc|co|corp|gmbh)\.?$/, '')
    .trim();
  return folded || null;
}

function publisherOf(article: OutletFields): string | null {
  return publisherKey(article.publisher) ?? publisherKey(article.siteName);
}

function hostOfArticle(article: OutletFields): string {
  return hostOf(article.canonicalUrl ?? article.url) || hostOf(article.url);
}

/**
 * A key naming the article's outlet: the named publisher, else the host, else the address itself
 * (local files with neither count as distinct outlets).
 */
export function outletOf(article: OutletFields): string {
  const publisher = publisherOf(article);
  if (publisher) return publisher;
  return hostOfArticle(article) || article.urlKey || article.url;
}

/**
 * Whether two articles come from one outlet: when both pages name a publisher the names decide
 * (two publishers on one host are two outlets); otherwise the hosts do.
 */
export function sameOutlet(a: OutletFields, b: OutletFields): boolean {
  const publisherA = publisherOf(a);
  const publisherB = publisherOf(b);
  if (publisherA && publisherB) return publisherA === publisherB;
  const hostA = hostOfArticle(a);
  const hostB = hostOfArticle(b);
  if (hostA && hostB) return hostA === hostB;
  return (a.urlKey || a.url) === (b.urlKey || b.url);
}
