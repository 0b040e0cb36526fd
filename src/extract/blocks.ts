/**
 * Readability's content element → plain-text paragraphs. Every block-level element becomes its own
 * paragraph (so a heading or list item never fuses with the text around it), and the page chrome
 * Readability sometimes pulls in with the article (the article header, video blocks, captions,
 * author bios, newsletter boxes, lists of links outside the body) is left out and recorded.
 */
import type { RemovedFurniture } from '../model/types';

const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BODY',
  'CENTER',
  'DD',
  'DETAILS',
  'DIALOG',
  'DIR',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HGROUP',
  'HR',
  'LI',
  'MAIN',
  'MENU',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);

/** Never article text, whatever Readability thought. */
const SKIP_TAGS: Record<string, string> = {
  FIGURE: 'figure',
  FIGCAPTION: 'caption',
  NAV: 'navigation',
  ASIDE: 'aside',
  FOOTER: 'footer',
  FORM: 'form',
  BUTTON: 'form',
  SELECT: 'form',
  TEXTAREA: 'form',
  SCRIPT: '',
  STYLE: '',
  NOSCRIPT: '',
  TEMPLATE: '',
  SVG: '',
  svg: '',
  IFRAME: '',
  OBJECT: '',
  DIALOG: 'dialog',
};

/**
 * Class or id words that name page chrome. Matched as whole words of the class attribute split
 * on case, `-`, `_` and spaces, so `InlineImage__Caption` and `author-bio` match but
 * `has-video` or `captionless` do not.
 */
const CHROME_WORDS: [RegExp, string][] = [
  [/\b(?:caption|captions|credit|credits|photo credit|image credit|wp caption|caption text)\b/, 'caption'],
  [/\b(?:byline|author bio|author info|bio|about author|author card|contributor bio)\b/, 'byline'],
  [/\b(?:newsletter|newsletters|signup|sign up|subscribe|subscription|inline newsletter)\b/, 'promo'],
  [
    /\b(?:related|read more|more stories|recommended|trending|most read|popular|outbrain|taboola)\b/,
    'related',
  ],
  [/\b(?:share|sharing|social|share tools|social share)\b/, 'share'],
  [/\b(?:promo|advert|advertisement|ad slot|ad container|sponsored|sponsor)\b/, 'promo'],
  [/\b(?:video player|video title|video caption|featured video|video ct|media caption)\b/, 'media'],
  [/\b(?:breadcrumb|breadcrumbs|tags|tag list|article tags|topics)\b/, 'tags'],
  // Hover cards and tooltips sit inside the sentence they annotate, hidden until pointed at.
  [/\b(?:rollover|tooltip|tool tip|popover|hovercard|hover card)\b/, 'popup'],
];

function classWords(element: Element): string {
  const raw = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`;
  if (!raw.trim()) return '';
  return ` ${raw
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_\s]+/g, ' ')
    .toLowerCase()
    .trim()} `;
}

function chromeRule(element: Element, rootTextLength: number): string | null {
  const skip = SKIP_TAGS[element.tagName];
  if (skip !== undefined) return skip;
  // An article's own <header> holds its headline, standfirst, byline and date, not its body,
  // unless the page wrapped everything in one.
  if (element.tagName === 'HEADER' && (element.textContent ?? '').length < rootTextLength / 2)
    return 'header';
  if (element.getAttribute('hidden') !== null || element.getAttribute('aria-hidden') === 'true') return '';
  const role = element.getAttribute('role');
  if (role === 'navigation' || role === 'complementary' || role === 'contentinfo') return 'navigation';
  const words = classWords(element);
  if (!words) return null;
  for (const [pattern, rule] of CHROME_WORDS) {
    if (!pattern.test(words)) continue;
    // A class name is only a hint: the element holding most of the content is the article,
    // whatever a theme called it ("… trending-story …").
    if ((element.textContent ?? '').length > rootTextLength / 2) return null;
    return rule;
  }
  return null;
}

export interface Block {
  text: string;
  element: Element;
  /** Characters of the text that sit inside links. */
  linkChars: number;
  heading: boolean;
  listItem: boolean;
}

export interface CollectedBlocks {
  blocks: Block[];
  removed: RemovedFurniture[];
}

/** Paragraph-sized blocks of `root` in document order, with chrome subtrees skipped. */
export function collectBlocks(root: Element): CollectedBlocks {
  const blocks: Block[] = [];
  const removed: RemovedFurniture[] = [];
  let parts: string[] = [];
  let linkChars = 0;
  let owner: Element = root;
  const rootTextLength = (root.textContent ?? '').length;

  const flush = (): void => {
    const text = parts.join('').replace(/\s+/g, ' ').trim();
    if (text) {
      const tag = owner.tagName;
      blocks.push({
        text,
        element: owner,
        linkChars: Math.min(linkChars, text.length),
        heading: /^H[1-6]$/.test(tag) || owner.closest('h1,h2,h3,h4,h5,h6') !== null,
        listItem: tag === 'LI' || owner.closest('li') !== null,
      });
    }
    parts = [];
    linkChars = 0;
  };

  // An explicit stack, not recursion: pathological pages nest thousands of levels deep.
  type Step = { node: Node; owner: Element; inLink: boolean } | { exit: Element; owner: Element };
  const stack: Step[] = [];
  for (let child = root.lastChild; child; child = child.previousSibling)
    stack.push({ node: child, owner: root, inLink: false });

  while (stack.length) {
    const step = stack.pop()!;
    if ('exit' in step) {
      flush();
      owner = step.owner;
      continue;
    }
    const { node } = step;
    if (node.nodeType === 3) {
      const value = node.nodeValue ?? '';
      parts.push(value);
      if (step.inLink) linkChars += value.replace(/\s+/g, ' ').trim().length;
      continue;
    }
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    const tag = element.tagName.toUpperCase();
    if (tag === 'BR') {
      parts.push('\n');
      // Two line breaks in a row separate paragraphs; one is a line within a paragraph.
      const next = element.nextSibling;
      if (next && next.nodeType === 1 && (next as Element).tagName.toUpperCase() === 'BR') flush();
      continue;
    }
    const rule = chromeRule(element, rootTextLength);
    if (rule !== null) {
      const skipped = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (rule && skipped) removed.push({ text: skipped, rule: `markup-${rule}` });
      continue;
    }
    const block = BLOCK_TAGS.has(tag);
    const inLink = step.inLink || tag === 'A';
    if (block) {
      flush();
      stack.push({ exit: element, owner: step.owner });
      owner = element;
    }
    for (let child = element.lastChild; child; child = child.previousSibling)
      stack.push({ node: child, owner: block ? element : step.owner, inLink });
  }
  flush();
  return { blocks, removed };
}
