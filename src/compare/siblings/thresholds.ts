/**
 * The thresholds of the sibling quote and act rules, in one place so the eval can fit them on
 * one half of the judged clusters and report them on the other (tests/eval/quotes.ts --fit).
 * The values shipped are the ones that fit reaches on both halves (docs in tests/eval/quotes.ts).
 */
export interface SiblingThresholds {
  /** Quotations sharing this long a run of words are one utterance, whoever each report credits. */
  sharedRun: number;
  /** With both speakers resolved to one person, a shorter shared run will do… */
  sharedRunSameSpeaker: number;
  /** …or this much wording in common. */
  sameWording: number;
  /** A close paraphrase inside quotation marks: this much content in common, same speaker. */
  paraphrase: number;
  /** Quotations this alike are the same words, whoever they are credited to. */
  sameWords: number;
  /** Two sentences are about one act when the rest of them, slot words aside, shares this much. */
  sameAct: number;
}

export const SIBLING_THRESHOLDS: Readonly<SiblingThresholds> = {
  sharedRun: 6,
  sharedRunSameSpeaker: 4,
  sameWording: 0.6,
  paraphrase: 0.5,
  sameWords: 0.8,
  sameAct: 0.6,
};
