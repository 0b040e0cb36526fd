/**
 * Runs inside the page (scripting.executeScript `func`), so it must be self-contained: no imports,
 * no closures. Finds `sentence` in the page's text, scrolls it into view and highlights it with the
 * CSS Custom Highlight API, or an outline on its element where that API is missing. Only ranges,
 * CSS properties and a style sheet of fixed text are created: nothing from the page becomes markup.
 */
export function highlightSentence(sentence: string): boolean {
  const fold = (text: string) =>
    text
      .replace(/[\u2018\u2019\u201A\u201B\u2032`]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/[\s\u00A0\u200B]+/g, ' ')
      .toLowerCase();
  const wanted = fold(sentence).trim();
  if (!wanted || !document.body) return false;

  // One folded string of all visible text, with a map back to (node, offset) for every character.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => {
      const parent = node.parentElement;
      if (!parent || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(parent.tagName))
        return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  let text = '';
  const nodes: Text[] = [];
  const offsets: number[] = [];
  const map: number[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = (node as Text).data;
    const nodeIndex = nodes.push(node as Text) - 1;
    for (let i = 0; i < value.length; i++) {
      const ch = fold(value[i]!);
      // Collapse runs of whitespace the way `fold` does for the sentence.
      if (ch === ' ' && (text.endsWith(' ') || text.length === 0)) continue;
      text += ch;
      map.push(nodeIndex);
      offsets.push(i);
    }
    if (!text.endsWith(' ')) {
      text += ' ';
      map.push(nodeIndex);
      offsets.push(value.length);
    }
  }
  let at = text.indexOf(wanted);
  let length = wanted.length;
  if (at < 0) {
    // Pages sometimes split a sentence over markup the extractor joined: try its first half.
    const head = wanted.slice(0, Math.max(24, Math.floor(wanted.length / 2)));
    at = text.indexOf(head);
    length = head.length;
  }
  if (at < 0) return false;
  const startNode = nodes[map[at]!]!;
  const endNode = nodes[map[at + length - 1]!]!;
  const range = document.createRange();
  range.setStart(startNode, Math.min(offsets[at]!, startNode.length));
  range.setEnd(endNode, Math.min(offsets[at + length - 1]! + 1, endNode.length));

  const element = startNode.parentElement;
  element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  const registry = (CSS as unknown as { highlights?: Map<string, unknown> }).highlights;
  const HighlightCtor = (window as unknown as { Highlight?: new (...ranges: Range[]) => unknown }).Highlight;
  if (registry && HighlightCtor) {
    registry.set('crosscheck', new HighlightCtor(range));
    if (!document.getElementById('crosscheck-highlight-style')) {
      const style = document.createElement('style');
      style.id = 'crosscheck-highlight-style';
      style.textContent = '::highlight(crosscheck) { background-color: #ffe066; color: #000; }';
      document.head.appendChild(style);
    }
    setTimeout(() => registry.delete('crosscheck'), 8000);
  } else if (element) {
    const previous = element.style.outline;
    element.style.outline = '3px solid #f0b400';
    setTimeout(() => {
      element.style.outline = previous;
    }, 4000);
  }
  return true;
}
