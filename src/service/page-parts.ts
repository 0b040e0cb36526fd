/**
 * The pieces of an auto-captured page sent in several messages. One message carrying a whole
 * serialised page costs the page's main thread in proportion to its size (the runtime copies it
 * synchronously: ~2 ms for 130 KB in Chromium), so the content script sends it in parts of
 * `CAPTURED_PART_CHARS`, each in its own idle period, and the last part in `capturedPage`. The
 * background holds the earlier parts here until then. Bounded in every direction, because the
 * sender is a page's content script: characters per page, pages pending, and how long a page
 * may stay incomplete (a service worker restarted midway loses the parts; the page is then not
 * captured this time, never captured from a partial text).
 */
import { MAX_CAPTURED_HTML_CHARS } from '../protocol/types';

export interface PagePartLimits {
  /** Characters of one page, all parts together. */
  maxChars: number;
  /** Pages incomplete at once; the oldest is dropped for a new one. */
  maxPending: number;
  /** A page whose parts stop coming for this long is dropped. */
  ttlMs: number;
}

export const PAGE_PART_LIMITS: PagePartLimits = {
  maxChars: MAX_CAPTURED_HTML_CHARS,
  maxPending: 8,
  ttlMs: 60_000,
};

interface Pending {
  parts: string[];
  chars: number;
  touchedAt: number;
}

export class PagePartBuffer {
  private readonly pending = new Map<string, Pending>();
  private readonly limits: PagePartLimits;

  constructor(limits: PagePartLimits = PAGE_PART_LIMITS) {
    this.limits = limits;
  }

  private expire(now: number): void {
    for (const [key, page] of this.pending)
      if (now - page.touchedAt > this.limits.ttlMs) this.pending.delete(key);
  }

  /** Keeps part `index` of page `key`; false (and the page dropped) when it breaks a bound. */
  add(key: string, index: number, html: string, now: number): boolean {
    this.expire(now);
    let page = this.pending.get(key);
    if (!page) {
      if (this.pending.size >= this.limits.maxPending) {
        const oldest = [...this.pending.entries()].sort((a, b) => a[1].touchedAt - b[1].touchedAt)[0];
        if (oldest) this.pending.delete(oldest[0]);
      }
      page = { parts: [], chars: 0, touchedAt: now };
      this.pending.set(key, page);
    }
    const maxParts = Math.ceil(this.limits.maxChars / Math.max(1, html.length));
    if (!Number.isInteger(index) || index < 0 || index > maxParts || page.parts[index] !== undefined) {
      this.pending.delete(key);
      return false;
    }
    page.chars += html.length;
    if (page.chars > this.limits.maxChars) {
      this.pending.delete(key);
      return false;
    }
    page.parts[index] = html;
    page.touchedAt = now;
    return true;
  }

  /**
   * The whole page once its last part (`parts - 1`) arrives with `last`; null when an earlier
   * part is missing or the whole would break the bound. The page is forgotten either way.
   */
  finish(key: string, parts: number, last: string, now: number): string | null {
    this.expire(now);
    const page = this.pending.get(key);
    this.pending.delete(key);
    if (!Number.isInteger(parts) || parts < 1) return null;
    if (parts === 1) return page ? null : last;
    if (!page || page.parts.length !== parts - 1) return null;
    if (page.chars + last.length > this.limits.maxChars) return null;
    for (let i = 0; i < parts - 1; i++) if (page.parts[i] === undefined) return null;
    return page.parts.join('') + last;
  }

  /** Pages still waiting for parts (tests). */
  get size(): number {
    return this.pending.size;
  }
}
