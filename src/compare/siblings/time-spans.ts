import type { Claim } from '../../model/types';

const SPAN_PHRASE =
  /\b(?:in (?:the )?(?:recent|past|last) (?:few )?(?:days|weeks|months|years|hours)|in recent days|since [A-Z]?[a-z]+(?: \d+)?|(?:on )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(?:this|last) (?:week|month|year)|overnight|today|yesterday)\b/i;

/** The time span a figure refers to: "Monday", "recent days". */
export function timeSpan(claim: Claim): string | null {
  const match = SPAN_PHRASE.exec(claim.text);
  if (match) return match[0].replace(/^(?:on|in|the)\s+/i, '').replace(/^the\s+/i, '');
  return claim.dates[0]?.text ?? null;
}
