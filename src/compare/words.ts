import { diffWords } from 'diff';
import type { WordDiffPart } from '../model/types';

/** Edit distance (in words) beyond which a word diff would say nothing a reader could follow. */
const MAX_EDIT_WORDS = 400;
const TIMEOUT_MS = 25;

/**
 * Word-level diff of two sentences. jsdiff gives up (returns undefined) on pathological inputs
 * within the bounds above; then the change is shown as one whole replacement.
 */
export function wordDiff(before: string, after: string): WordDiffPart[] {
  if (before === after) return before ? [{ value: before }] : [];
  const changes = diffWords(before, after, { maxEditLength: MAX_EDIT_WORDS, timeout: TIMEOUT_MS });
  if (!changes) return wholeReplacement(before, after);
  return changes.map((change) => {
    const part: WordDiffPart = { value: change.value };
    if (change.added) part.added = true;
    if (change.removed) part.removed = true;
    return part;
  });
}

function wholeReplacement(before: string, after: string): WordDiffPart[] {
  const parts: WordDiffPart[] = [];
  if (before) parts.push({ value: before, removed: true });
  if (after) parts.push({ value: after, added: true });
  return parts;
}

/** The removed and the added text of a diff, each run joined with " … ". */
export function changedSpans(parts: readonly WordDiffPart[]): { removed: string[]; added: string[] } {
  const removed: string[] = [];
  const added: string[] = [];
  for (const part of parts) {
    const value = part.value.trim();
    if (!value) continue;
    if (part.removed) removed.push(value);
    else if (part.added) added.push(value);
  }
  return { removed, added };
}

/** Share of words touched by the diff, 0..1. */
export function changedShare(parts: readonly WordDiffPart[]): number {
  let changed = 0;
  let total = 0;
  for (const part of parts) {
    const words = part.value.split(/\s+/).filter(Boolean).length;
    total += words;
    if (part.added || part.removed) changed += words;
  }
  return total === 0 ? 0 : changed / total;
}
