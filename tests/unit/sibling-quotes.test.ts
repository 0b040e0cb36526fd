import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/claims/index';
import { resolveSpeakers } from '../../src/claims/speakers';
import { compareSiblings } from '../../src/compare/index';
import { articleFromText } from '../../src/extract/index';
import type { AnalysedArticle, Claim } from '../../src/model/types';

const report = (paragraphs: string[], n = 0): AnalysedArticle =>
  analyse(articleFromText(paragraphs.join('\n\n'), `https://r${n}.example/story`, { title: 'Report' }));

function speakersOf(paragraphs: string[]): (string | null)[] {
  const claims: Claim[] = report(paragraphs).claims.map((c) => ({
    ...c,
    quotes: c.quotes.map((q) => ({ ...q })),
  }));
  resolveSpeakers(claims);
  return claims.flatMap((c) => c.quotes.map((q) => q.person ?? null));
}

describe('speakers resolved across the article', () => {
  it('gives "he said" to the speaker, not to a man named inside the quotation', () => {
    expect(
      speakersOf([
        'Prime Minister Benjamin Netanyahu appeared on a Sunday show.',
        '“President Obama has said that he is determined to stop Iran,” he said.',
      ]),
    ).toEqual(['Benjamin Netanyahu']);
  });

  it('leaves "she said" unresolved when the only people named are men', () => {
    expect(speakersOf(['Mr. John Ryan spoke first.', '“We will not wait,” she said.'])).toEqual([null]);
  });

  it('tells a governor and his son apart when the text names them apart', () => {
    expect(
      speakersOf([
        'Gov. Andrew Cuomo spoke on Monday. His son, Michael Cuomo, spoke later.',
        '“This is a good day for the state,” Andrew Cuomo said.',
        '“I am proud of my father,” Michael Cuomo said.',
      ]),
    ).toEqual(['Andrew Cuomo', 'Michael Cuomo']);
  });

  it('resolves a role noun to the person the text gives that role', () => {
    expect(
      speakersOf([
        'Texas Gov. Rick Perry released an advertisement on Wednesday.',
        '“Faith made America strong,” the governor said.',
      ]),
    ).toEqual(['Rick Perry']);
  });
});

describe('verb-first attributions', () => {
  it('gives "said the legislator, Rep. X" to the person named after the role', () => {
    expect(
      speakersOf([
        'Sen. Kay Hagan and Rep. Carl Seel spoke at the rally on Monday.',
        '“Of course I was surprised, who would not be?” said the legislator, Representative Carl Seel.',
      ]),
    ).toEqual(['Carl Seel']);
  });

  it('gives "said Rep. X, a Democrat" to X, not to the person named before', () => {
    expect(
      speakersOf([
        'Sen. Kay Hagan spoke first at the rally.',
        '“We will not back down from this fight,” said Rep. John Smith, a Democrat.',
      ]),
    ).toEqual(['John Smith']);
  });

  it('resolves a bare surname after "says" to the person named earlier', () => {
    expect(
      speakersOf([
        'Texas Gov. Rick Perry released an advertisement on Wednesday.',
        '“I am not ashamed to admit that I am a Christian,” says Perry in the new ad.',
      ]),
    ).toEqual(['Rick Perry']);
  });

  it('gives "according to X" to X', () => {
    expect(
      speakersOf([
        'Officials spoke.',
        'The plan “will not work for our state,” according to Sen. Kay Hagan.',
      ]),
    ).toEqual(['Kay Hagan']);
  });

  it('does not give a spokesman’s words to the person he speaks for', () => {
    expect(
      speakersOf([
        'Sen. Kay Hagan was not at the rally.',
        '“We will not back down,” said a spokesman for Sen. Kay Hagan.',
      ]),
    ).toEqual([null]);
    expect(
      speakersOf([
        'Sen. Kay Hagan was not at the rally.',
        'A spokesman for Sen. Kay Hagan said, “We will not back down.”',
      ]),
    ).toEqual([null]);
  });

  it('does not take a weekday after "said" for a speaker', () => {
    expect(speakersOf(['Officials met.', '“We will not back down,” said Monday’s statement.'])).toEqual([
      null,
    ]);
  });
});

describe('sibling quotes', () => {
  const fox = report([
    'Senator Maria Lopez spoke to reporters on Tuesday about the budget vote in the capital.',
    '“We have a spot at the bar for anyone who wants to talk about the budget,” Lopez said.',
    '“The vote will happen next week, and we will win it,” Lopez said.',
  ]);
  const abc = report(
    [
      'Senator Maria Lopez spoke to reporters on Tuesday about the budget vote in the capital.',
      '“We have a spot at a bar for anyone who wants to talk about the budget,” Lopez said.',
      '“Our members are united behind this plan for the state,” Lopez said.',
    ],
    1,
  );
  const differences = compareSiblings(fox, abc);

  it('finds the misquote with its word diff', () => {
    const misquote = differences.find((d) => d.kind === 'different-quote');
    expect(misquote?.alteration).toBe('words-changed');
    expect(misquote?.words?.filter((p) => p.removed).map((p) => p.value.trim())).toEqual(['the']);
  });

  it('holds the rest of the speaker’s quotes in one different-excerpts item', () => {
    const excerpts = differences.filter((d) => d.kind === 'different-excerpts');
    expect(excerpts).toHaveLength(1);
    expect(excerpts[0]!.quotes).toEqual({
      speaker: 'Maria Lopez',
      before: ['The vote will happen next week, and we will win it'],
      after: ['Our members are united behind this plan for the state'],
    });
    expect(excerpts[0]!.group).toBe('different-excerpts');
  });

  it('ranks the misquote above the excerpts', () => {
    const kinds = differences.map((d) => d.kind).filter((k) => k.startsWith('different'));
    expect(kinds).toEqual(['different-quote', 'different-excerpts']);
  });
});

describe('a quotation one report repeats', () => {
  it('shows the alteration once, not once per repetition', () => {
    const first = report([
      'Representative Bob Etheridge confronted two students on a Washington street on Monday.',
      '“Tell me who you are … I have a right to know who you are,” Etheridge demanded.',
    ]);
    const second = report(
      [
        'Representative Bob Etheridge confronted two students on a Washington street on Monday.',
        '“Tell me who you are,” Etheridge said. “Tell me who you are.”',
      ],
      1,
    );
    const misquotes = compareSiblings(first, second).filter((d) => d.kind === 'different-quote');
    expect(misquotes).toHaveLength(1);
    expect(misquotes[0]!.alteration).toBe('sentence-dropped');
  });
});

describe('offices in conflict', () => {
  const base = [
    'Lloyd Austin met Israeli officials in Tel Aviv on Monday about the Hezbollah ceasefire.',
    'Sabrina Singh, deputy Pentagon press secretary, said talks continue on the Hezbollah ceasefire.',
  ];
  const conflicts = (a: string, b: string) =>
    compareSiblings(report([...base, a]), report([...base, b], 1)).filter((d) => d.kind === 'conflict');

  it('reports one person given two secretaries’ offices', () => {
    const found = conflicts(
      'Defense Secretary Lloyd Austin flew to Israel on Monday.',
      'Secretary of State Lloyd Austin flew on to Cyprus on Tuesday.',
    );
    expect(found.map((d) => d.facets.find((f) => f.type === 'entity'))).toEqual([
      { type: 'entity', before: 'Defense Secretary', after: 'Secretary of State' },
    ]);
  });

  it('does not call two descriptions of one post a conflict', () => {
    expect(
      conflicts(
        'Deputy Pentagon press secretary Sabrina Singh spoke on Wednesday.',
        'Pentagon spokeswoman Sabrina Singh spoke to reporters later on.',
      ),
    ).toEqual([]);
    expect(
      conflicts(
        'Former Secretary of State Lloyd Austin flew to Israel on Monday.',
        'Defense Secretary Lloyd Austin flew on to Cyprus on Tuesday.',
      ),
    ).toEqual([]);
  });
});
