/**
 * Document → HTML for extraction elsewhere, in slices. Auto-capture cannot afford Readability on
 * the page's main thread, nor one `outerHTML` read of a large page, so the content script walks
 * the document a few hundred nodes at a time and the background parses the result with linkedom
 * (src/extract/from-html.ts). The output only has to extract like the live page, not render like
 * it: content no extraction step reads is left out, which also keeps the message small.
 *
 * Pure DOM traversal: runs on the live page, on jsdom in tests and on linkedom, with no globals.
 */

/** HTML elements that never have an end tag. */
const VOID_TAGS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/**
 * Elements whose content no extraction step reads: Readability removes script, style and
 * noscript before it looks at the page (and only mines noscript for images), a template's content
 * is not in the tree, frames are other documents, and the blocks walk skips them all. Each is kept
 * as an empty element so that the structure around it (text-node boundaries, Readability's
 * phrasing-content runs, its embed count for iframes) stays as it was.
 */
const EMPTIED_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
]);

/**
 * Attributes something downstream reads; the rest (event handlers, data-* blobs, srcset, inline
 * framework state) are dropped. Readability: class/id (scores, unlikely candidates), style, hidden,
 * aria-hidden, aria-modal, role (visibility, dialogs, unlikely roles), href (link density of `#`
 * links), rel/itemprop (bylines), summary/datatable/colspan/rowspan (data tables), src/poster
 * (video embeds), dir/lang. Our metadata: rel/href (canonical), content/property/name/itemprop/
 * http-equiv (meta), type (JSON-LD), datetime, lang/xml:lang/dir. Embeds keep everything: any
 * attribute naming a video host makes Readability keep the block around them.
 */
const KEPT_ATTRIBUTES = new Set([
  'class',
  'id',
  'style',
  'hidden',
  'aria-hidden',
  'aria-modal',
  'role',
  'href',
  'rel',
  'itemprop',
  'itemscope',
  'itemtype',
  'src',
  'poster',
  'summary',
  'datatable',
  'colspan',
  'rowspan',
  'content',
  'property',
  'name',
  'http-equiv',
  'charset',
  'type',
  'datetime',
  'lang',
  'xml:lang',
  'dir',
]);
const EMBED_TAGS = new Set(['object', 'embed', 'iframe']);

/**
 * Readability turns lazy images into real ones by reading every attribute of these elements and
 * taking any whose value looks like an image address; the image it makes changes how it scores
 * and cleans the blocks around it. Those attributes are kept, with Readability's own tests.
 */
const LAZY_IMAGE_TAGS = new Set(['img', 'picture', 'figure']);
const IMAGE_SRCSET = /\.(jpg|jpeg|png|webp)\s+\d/i;
const IMAGE_SRC = /^\s*\S+\.(jpg|jpeg|png|webp)\S*\s*$/i;

/** A tag name that reparses as itself (the parser allows odd names the output must not break on). */
const SAFE_TAG = /^[a-zA-Z][^\s/>"'=<&]*$/;
const SAFE_ATTRIBUTE = /^[^\s/>"'=<&]+$/;

/** Text longer than this is escaped in pieces, so one huge text node cannot overrun a slice. */
const TEXT_PIECE = 16_384;
/** How many nodes between two looks at the clock. */
const NODES_PER_CHECK = 8;

function escapeText(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;
}

function escapeAttribute(value: string): string {
  return /[&"<>]/.test(value)
    ? value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    : value;
}

function isJsonLd(element: Element): boolean {
  return (element.getAttribute('type') ?? '').trim().toLowerCase() === 'application/ld+json';
}

/**
 * Elements nested deeper than this are written as their content only. Readability's cost grows
 * with the square of the nesting on such trees (a 1,000-deep page takes it seconds on linkedom,
 * more on jsdom), which would hold up the background; real news pages stay under ~60 levels.
 */
export const MAX_SERIALISED_DEPTH = 256;

export interface SerialiseLimits {
  /** Stop (`too-large`) once the output is longer than this many characters. */
  maxChars?: number;
  /** Stop (`too-large`) after this many elements. */
  maxElements?: number;
  /** Nesting depth kept (default MAX_SERIALISED_DEPTH); deeper elements are unwrapped. */
  maxDepth?: number;
  /** Nodes written between two calls of `timeUp` (default 8; tests stop at exact places). */
  nodesPerCheck?: number;
}

/**
 * `working`: call `run` again. `done`: `html()` is complete. `too-large`: over a limit, nothing
 * to send. `unstable`: the page kept moving the nodes being walked; give up rather than send a
 * mangled tree.
 */
export type SerialiseStatus = 'working' | 'done' | 'too-large' | 'unstable';

/** Restarts allowed when the page changes what the walk has already written. */
const MAX_RESTARTS = 3;

/** Node.compareDocumentPosition bits (no DOM globals here: this also runs on linkedom). */
const DISCONNECTED = 1;
const FOLLOWING = 4;
const CONTAINS = 8;
const CONTAINED_BY = 16;

/** The part of a MutationRecord the serialiser reads. */
export interface PageChange {
  type: string;
  target: Node;
  nextSibling: Node | null;
}

/**
 * A resumable walk over a document that writes HTML. State between slices is the next node, the
 * stack of open elements and, inside a long text node, the offset reached. Pages change their DOM
 * between idle periods: the caller reports those changes (`noteChanges`, from a MutationObserver)
 * and a change to anything already written makes the next `run` start again, so the HTML is never
 * half one state of the page and half another (a live page rewriting its paragraphs would
 * otherwise give a mix of two revisions). Changes ahead of the walk are simply read when reached.
 */
export class DocumentSerialiser {
  private readonly doc: Document;
  private readonly limits: Required<SerialiseLimits>;
  private chunks: string[] = [];
  private parts: string[] = [];
  private chars = 0;
  private elements = 0;
  private restarts = 0;
  /** Next node to enter, or null once the walk has finished. */
  private next: Node | null = null;
  /** Open elements, innermost last: the end tags still owed. */
  private open: Element[] = [];
  /** End tags owed, parallel to `open` (null for an unwrapped element). */
  private tags: (string | null)[] = [];
  private textOffset = 0;
  private status: SerialiseStatus = 'working';
  /** Something already written has changed since: the next `run` starts again. */
  private stale = false;

  constructor(doc: Document, limits: SerialiseLimits = {}) {
    this.doc = doc;
    this.limits = {
      maxChars: limits.maxChars ?? Infinity,
      maxElements: limits.maxElements ?? Infinity,
      maxDepth: limits.maxDepth ?? MAX_SERIALISED_DEPTH,
      nodesPerCheck: limits.nodesPerCheck ?? NODES_PER_CHECK,
    };
    this.reset();
  }

  private reset(): void {
    this.chunks = [];
    this.parts = [];
    this.chars = 0;
    this.elements = 0;
    this.open = [];
    this.tags = [];
    this.textOffset = 0;
    this.stale = false;
    this.next = this.doc.documentElement;
    if (this.doc.doctype) this.emit(`<!DOCTYPE ${this.doc.doctype.name || 'html'}>`);
  }

  private emit(text: string): void {
    this.parts.push(text);
    this.chars += text.length;
  }

  /** Still where the walk left it: attached, and under the element the walk thinks is open. */
  private resumable(): boolean {
    const node = this.next;
    if (!node) return true;
    const parent = this.open[this.open.length - 1];
    return parent ? node.parentNode === parent && parent.isConnected : node === this.doc.documentElement;
  }

  /**
   * Tells the walk what the page changed since the last slice (MutationObserver records of
   * `childList` and `characterData` over the whole document). Attribute changes are not
   * followed: lazy loaders flip classes and sources all the time, and text is what is compared.
   */
  noteChanges(changes: Iterable<PageChange>): void {
    if (this.stale || this.status !== 'working') return;
    for (const change of changes) {
      if (this.written(change)) {
        this.stale = true;
        return;
      }
    }
  }

  /** Whether a change touches what is already written. */
  private written(change: PageChange): boolean {
    const cursor = this.next;
    if (!cursor) return false;
    const { target } = change;
    if (target === cursor) {
      // Its text half written, or (an element) nothing of it written yet.
      return change.type === 'characterData' && this.textOffset > 0;
    }
    const position = target.compareDocumentPosition(cursor);
    // A detached target's own removal is a change to its (attached) parent, judged there.
    if (position & DISCONNECTED) return false;
    if (!(position & FOLLOWING)) return false; // target is ahead of the walk
    if (!(position & CONTAINED_BY)) return true; // target is behind the walk: written
    // An open ancestor of the walk changed its children: written if the change lies before the
    // walk's branch, i.e. the node after the change is that branch or one before it.
    const after = change.nextSibling;
    if (!after) return false;
    if (!after.isConnected) return true;
    const where = cursor.compareDocumentPosition(after);
    return !(where & FOLLOWING) || (where & CONTAINS) !== 0;
  }

  /**
   * Serialises until `timeUp()` answers true (asked every few nodes, and between pieces of a long
   * text) or the document ends. Returns where the walk stands.
   */
  run(timeUp: () => boolean): SerialiseStatus {
    if (this.status !== 'working') return this.status;
    if (this.stale || !this.resumable()) {
      if (++this.restarts > MAX_RESTARTS) return this.finish('unstable');
      this.reset();
    }
    let sinceCheck = 0;
    while (this.next) {
      if (++sinceCheck >= this.limits.nodesPerCheck) {
        sinceCheck = 0;
        if (timeUp()) break;
      }
      if (!this.step(timeUp)) break;
      if (this.chars > this.limits.maxChars || this.elements > this.limits.maxElements)
        return this.finish('too-large');
    }
    // One string per slice: the final join then copies a few dozen strings, not every tag.
    if (this.parts.length) {
      this.chunks.push(this.parts.join(''));
      this.parts = [];
    }
    return this.next ? 'working' : this.finish('done');
  }

  private finish(status: SerialiseStatus): SerialiseStatus {
    this.status = status;
    this.next = null;
    if (status !== 'done') {
      this.chunks = [];
      this.parts = [];
    }
    return status;
  }

  /** Characters written so far (all of the HTML once `run` returned `done`). */
  get length(): number {
    return this.status === 'done' || this.status === 'working' ? this.chars : 0;
  }

  /** How many times the walk started again because the page changed under it. */
  get restartCount(): number {
    return this.restarts;
  }

  /** The HTML once `run` returned `done`. */
  html(): string {
    if (this.status !== 'done') throw new Error(`serialisation is ${this.status}, not done`);
    return this.chunks.join('');
  }

  /** Writes one node (or one piece of a long text); false when time ran out mid-text. */
  private step(timeUp: () => boolean): boolean {
    const node = this.next!;
    switch (node.nodeType) {
      case 1: {
        const element = node as Element;
        this.elements++;
        const tag = element.localName;
        if (!SAFE_TAG.test(tag) || this.open.length >= this.limits.maxDepth) {
          // Unwrap: its content still counts; its name would not survive the round trip, or its
          // depth would make extraction crawl.
          if (element.firstChild) return this.descend(element, null);
          break;
        }
        this.emit(this.startTag(element, tag));
        if (VOID_TAGS.has(tag)) break;
        if (tag === 'svg') {
          // Icons' path data is most of an inline SVG's size; only its text (titles, labels)
          // reaches Readability's character counts.
          this.emit(escapeText(element.textContent ?? '') + '</svg>');
          break;
        }
        if (EMPTIED_TAGS.has(tag)) {
          if (tag === 'script' && isJsonLd(element)) {
            // Raw text: only a literal "</script" could end it early, and JSON allows "<\/".
            this.emit((element.textContent ?? '').replace(/<\/(script)/gi, '<\\/$1'));
          }
          this.emit(`</${tag}>`);
          break;
        }
        if (element.firstChild) return this.descend(element, tag);
        this.emit(`</${tag}>`);
        break;
      }
      case 3:
      case 4: {
        const text = node.nodeValue ?? '';
        if (this.tags[this.tags.length - 1] === 'textarea' && !/<\/textarea/i.test(text)) {
          // linkedom reads a textarea's content raw, as browsers read a script's.
          this.emit(text);
          break;
        }
        if (text.length - this.textOffset > TEXT_PIECE) {
          // Cut between UTF-16 code units of one pair would make two lone surrogates.
          let end = this.textOffset + TEXT_PIECE;
          const code = text.charCodeAt(end - 1);
          if (code >= 0xd800 && code < 0xdc00) end++;
          this.emit(escapeText(text.slice(this.textOffset, end)));
          this.textOffset = end;
          return !timeUp();
        }
        this.emit(escapeText(this.textOffset ? text.slice(this.textOffset) : text));
        this.textOffset = 0;
        break;
      }
      case 8:
        // Kept, empty: a comment still ends Readability's runs of phrasing content.
        this.emit('<!---->');
        break;
      default:
        break;
    }
    this.advance(node);
    return true;
  }

  private descend(element: Element, tag: string | null): boolean {
    // An unwrapped element is still pushed, so its end is found; it owes no end tag.
    this.open.push(element);
    this.tags.push(tag);
    this.next = element.firstChild;
    return true;
  }

  /** Moves past `node`: its next sibling, else closes parents until one has a next sibling. */
  private advance(node: Node): void {
    let current: Node = node;
    for (;;) {
      const sibling = current.nextSibling;
      if (sibling) {
        this.next = sibling;
        return;
      }
      const parent = this.open.pop();
      const tag = this.tags.pop();
      if (!parent) {
        this.next = null;
        return;
      }
      if (tag) this.emit(`</${tag}>`);
      current = parent;
    }
  }

  private startTag(element: Element, tag: string): string {
    let out = `<${tag}`;
    if (!element.hasAttributes()) return out + '>';
    const keepAll = EMBED_TAGS.has(tag);
    const lazyImage = LAZY_IMAGE_TAGS.has(tag);
    // Names and values, not `attributes`: every Attr read from a content script's world gets a
    // wrapper object of its own, and those allocations bring garbage collections into slices.
    for (const name of element.getAttributeNames()) {
      const key = name.toLowerCase();
      const named = keepAll ? !key.startsWith('on') : KEPT_ATTRIBUTES.has(key);
      if (!named && !lazyImage) continue;
      if (!SAFE_ATTRIBUTE.test(name)) continue;
      const value = element.getAttribute(name) ?? '';
      if (!named && key !== 'srcset' && !IMAGE_SRCSET.test(value) && !IMAGE_SRC.test(value)) continue;
      out += value ? ` ${name}="${escapeAttribute(value)}"` : ` ${name}`;
    }
    return out + '>';
  }
}

/** The whole document in one go (tests, eval, and anywhere the main thread is not a concern). */
export function serialiseDocument(doc: Document, limits: SerialiseLimits = {}): string | null {
  const serialiser = new DocumentSerialiser(doc, limits);
  const status = serialiser.run(() => false);
  return status === 'done' ? serialiser.html() : null;
}
