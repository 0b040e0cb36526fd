/**
 * What both browsers' privacy files assert about a web-archive lookup, from the archive
 * stand-in's own log: a CDX query, then raw captures, each naming the article's address and
 * no other (not the local page's, not another article's).
 */
import { expect } from 'vitest';
import type { RecordedRequest } from '../stand-ins/archive-server';

/** The address the Fox pages name as canonical: what a web-archive lookup asks about. */
export const FOX_ADDRESS =
  'https://www.foxnews.com/politics/us-pushing-temporary-israel-hezbollah-ceasefire-amid-fears-wider-war';

export function expectOnlyTheArticleAsked(requests: readonly RecordedRequest[], address = FOX_ADDRESS): void {
  expect(requests.length).toBeGreaterThan(1);
  expect(requests[0]!.kind).toBe('cdx');
  expect(requests.slice(1).every((request) => request.kind === 'raw')).toBe(true);
  for (const request of requests) {
    const named = decodeURIComponent(request.path);
    expect(named, request.path).toContain(address);
    expect(
      named
        .split(address)
        .join('')
        .match(/https?:\/\//g),
      request.path,
    ).toBeNull();
    expect(named).not.toContain('127.0.0.1');
    expect(named).not.toContain('abcnews');
  }
}
