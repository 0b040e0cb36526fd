/**
 * Where each difference sits in the text. The engine reports differences as claim sentences;
 * the page shows whole paragraphs, so every sentence is located in its paragraph here, and
 * removed sentences get an anchor in the later text so they can be shown struck through where
 * they used to be. Pure functions: the components only render what this returns.
 */
import type { Difference, DifferenceKind, WordDiffPart } from '../../model/types';

export type Side = 'before' | 'after';

export type Segment =
  | { kind: 'text'; text: string }
  /** A claim sentence that takes part in difference `diff`. */
  | { kind: 'mark'; text: string; diff: number; words: WordDiffPart[] | null }
  /** A sentence of the earlier text that is gone, shown struck through where it stood. */
  | { kind: 'removed'; text: string; diff: number };

export interface Block {
  /** Index into the side's paragraphs; null for a removed paragraph shown in place. */
  paragraph: number | null;
  segments: Segment[];
}

export interface SideLayout {
  blocks: Block[];
  /** Differences of this side whose sentence could not be found in the text. */
  unplaced: number[];
}

const BEFORE_ONLY: ReadonlySet<DifferenceKind> = new Set(['removed', 'only-before']);
const AFTER_ONLY: ReadonlySet<DifferenceKind> = new Set(['added', 'only-after']);

export function hasSide(diff: Difference, side: Side): boolean {
  if (side === 'before') return diff.before !== null && !AFTER_ONLY.has(diff.kind);
  return diff.after !== null && !BEFORE_ONLY.has(diff.kind);
}

/** Typography must not stop a sentence from being found: the folds normalizeText makes. */
function foldChar(ch: string): string {
  if (/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/.test(ch)) return "'";
  if (/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/.test(ch)) return '"';
  if (/[\u2010-\u2015\u2212]/.test(ch)) return '-';
  if (/\s/.test(ch)) return ' ';
  return ch;
}

interface Folded {
  text: string;
  /** folded index → original index */
  origin: number[];
}

function fold(text: string): Folded {
  let out = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = foldChar(text[i] ?? '');
    if (ch === ' ' && (out.length === 0 || out.endsWith(' '))) continue;
    out += ch;
    origin.push(i);
  }
  return { text: out, origin };
}

interface Span {
  paragraph: number;
  start: number;
  end: number;
}

/** First occurrence of `needle` in the paragraphs not overlapping a taken span. */
export function locate(paragraphs: string[], needle: string, taken: Span[] = []): Span | null {
  const target = fold(needle.trim()).text.trimEnd();
  if (target.length === 0) return null;
  for (let p = 0; p < paragraphs.length; p++) {
    const source = paragraphs[p] ?? '';
    const folded = fold(source);
    let from = 0;
    for (;;) {
      const at = folded.text.indexOf(target, from);
      if (at < 0) break;
      const start = folded.origin[at] ?? 0;
      const end = (folded.origin[at + target.length - 1] ?? source.length - 1) + 1;
      const overlaps = taken.some((s) => s.paragraph === p && s.start < end && start < s.end);
      if (!overlaps) return { paragraph: p, start, end };
      from = at + 1;
    }
  }
  return null;
}

const SENTENCE_END = /[.!?]["'\u201D\u2019)]*\s+/g;

/** The sentence just before `offset` in `text` (empty at the start of the paragraph). */
function sentenceBefore(text: string, offset: number): string {
  const head = text.slice(0, offset).trimEnd();
  let cut = 0;
  for (const match of head.matchAll(SENTENCE_END)) {
    if ((match.index ?? 0) + match[0].length < head.length) cut = (match.index ?? 0) + match[0].length;
  }
  return head.slice(cut).trim();
}

/** The sentence just after `offset` in `text`. */
function sentenceAfter(text: string, offset: number): string {
  const tail = text.slice(offset).trimStart();
  SENTENCE_END.lastIndex = 0;
  const match = SENTENCE_END.exec(tail);
  return (match ? tail.slice(0, (match.index ?? 0) + match[0].length) : tail).trim();
}

interface Insertion {
  diff: number;
  text: string;
  /** After-paragraph the sentence goes into, at `offset`; `block` puts it in its own paragraph after it. */
  paragraph: number;
  offset: number;
  block: boolean;
}

/**
 * Where a sentence of the earlier text would have stood in the later one: right after the
 * sentence that preceded it, or right before the one that followed it.
 */
function anchorRemoved(
  beforeParagraphs: string[],
  afterParagraphs: string[],
  sentence: string,
  differences: Difference[],
): Omit<Insertion, 'diff' | 'text'> | null {
  const found = locate(beforeParagraphs, sentence);
  if (!found) return null;
  // A neighbour that was itself edited is found through its later wording.
  const inAfter = (text: string): Span | null => {
    const direct = locate(afterParagraphs, text);
    if (direct) return direct;
    const key = fold(text).text;
    const edited = differences.find((d) => d.before && d.after && fold(d.before).text.includes(key));
    return edited?.after ? locate(afterParagraphs, edited.after) : null;
  };
  const paragraph = beforeParagraphs[found.paragraph] ?? '';
  const previous = sentenceBefore(paragraph, found.start);
  if (previous) {
    const at = inAfter(previous);
    if (at) return { paragraph: at.paragraph, offset: at.end, block: false };
  }
  const next = sentenceAfter(paragraph, found.end);
  if (next) {
    const at = inAfter(next);
    if (at) return { paragraph: at.paragraph, offset: at.start, block: false };
  }
  // A whole paragraph went: put it after the paragraph that preceded it, if that survived.
  for (let p = found.paragraph - 1; p >= 0; p--) {
    const text = beforeParagraphs[p] ?? '';
    const last = sentenceBefore(text, text.length);
    const at = last ? inAfter(last) : null;
    if (at)
      return { paragraph: at.paragraph, offset: (afterParagraphs[at.paragraph] ?? '').length, block: true };
  }
  if (found.paragraph === 0 && afterParagraphs.length > 0) return { paragraph: 0, offset: 0, block: false };
  return null;
}

interface Placed {
  diff: number;
  start: number;
  end: number;
  words: WordDiffPart[] | null;
}

function sideWords(diff: Difference, side: Side, inline: boolean): WordDiffPart[] | null {
  if (!diff.words || diff.kind !== 'changed') return null;
  // Inline shows the whole edit in the later text; each column shows only its own side.
  if (inline) return diff.words;
  return diff.words.filter((part) => (side === 'before' ? !part.added : !part.removed));
}

/**
 * Lays out one side's paragraphs with its differences marked. With `removedFrom`, removed
 * sentences of the earlier text are placed in this (later) text, struck through.
 */
export function layoutSide(
  paragraphs: string[],
  differences: Difference[],
  side: Side,
  removedFrom: string[] | null = null,
): SideLayout {
  const inline = removedFrom !== null;
  const taken: Span[] = [];
  const placedByParagraph = new Map<number, Placed[]>();
  const insertions: Insertion[] = [];
  const unplaced: number[] = [];

  differences.forEach((diff, index) => {
    if (hasSide(diff, side)) {
      const text = side === 'before' ? diff.before : diff.after;
      const span = text ? locate(paragraphs, text, taken) : null;
      if (!span) {
        unplaced.push(index);
        return;
      }
      taken.push(span);
      const list = placedByParagraph.get(span.paragraph) ?? [];
      list.push({ diff: index, start: span.start, end: span.end, words: sideWords(diff, side, inline) });
      placedByParagraph.set(span.paragraph, list);
    } else if (inline && diff.kind === 'removed' && diff.before) {
      const anchor = anchorRemoved(removedFrom, paragraphs, diff.before, differences);
      if (anchor) insertions.push({ diff: index, text: diff.before, ...anchor });
      else unplaced.push(index);
    }
  });

  const blocks: Block[] = [];
  paragraphs.forEach((text, p) => {
    const marks = (placedByParagraph.get(p) ?? []).sort((a, b) => a.start - b.start);
    const inserts = insertions
      .filter((i) => i.paragraph === p && !i.block)
      .sort((a, b) => a.offset - b.offset);
    const segments: Segment[] = [];
    let cursor = 0;
    const pushText = (until: number): void => {
      if (until > cursor) segments.push({ kind: 'text', text: text.slice(cursor, until) });
      cursor = Math.max(cursor, until);
    };
    let m = 0;
    let i = 0;
    while (m < marks.length || i < inserts.length) {
      const mark = marks[m];
      const insert = inserts[i];
      if (insert && (!mark || insert.offset <= mark.start)) {
        pushText(insert.offset);
        segments.push({ kind: 'removed', text: insert.text, diff: insert.diff });
        i++;
      } else if (mark) {
        pushText(mark.start);
        segments.push({
          kind: 'mark',
          text: text.slice(mark.start, mark.end),
          diff: mark.diff,
          words: mark.words,
        });
        cursor = mark.end;
        m++;
      }
    }
    pushText(text.length);
    blocks.push({ paragraph: p, segments });
    for (const block of insertions.filter((x) => x.paragraph === p && x.block)) {
      blocks.push({ paragraph: null, segments: [{ kind: 'removed', text: block.text, diff: block.diff }] });
    }
  });
  return { blocks, unplaced };
}
