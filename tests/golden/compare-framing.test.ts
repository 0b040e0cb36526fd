/**
 * Framing conflicts between two outlets: the same actor's stated position on the same matter,
 * reported with different content. Real sentences in short articles, through the real analyser.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/claims/index';
import { compareSiblings } from '../../src/compare/index';
import { stancesOf } from '../../src/compare/framing';
import { articleFromText } from '../../src/extract/index';
import type { AnalysedArticle } from '../../src/model/types';
import { headedSiblingGroups } from '../../src/ui/popup/SiblingsSection';

/** Two sentences of shared event context, so the reports read as the same story. */
const CONTEXT = [
  'Russia and Ukraine held talks in Istanbul on Tuesday about a prisoner exchange.',
  'Turkey hosted the meeting at the Dolmabahce Palace.',
];

function report(url: string, ...lines: string[]): AnalysedArticle {
  return analyse(articleFromText([...CONTEXT, ...lines].join('\n'), url, { title: 'Talks in Istanbul' }));
}

const framings = (a: AnalysedArticle, b: AnalysedArticle) =>
  compareSiblings(a, b).filter((d) => d.kind === 'conflict');

describe('framing conflicts', () => {
  it('pairs the same actor’s different positions on the same matter', () => {
    const a = report(
      'https://a.example/s',
      'Ukraine has said it does not want a ceasefire with Russia before the winter.',
    );
    const b = report(
      'https://b.example/s',
      'Ukraine has signaled it is ready to accept a ceasefire with Russia within weeks.',
    );
    const [conflict] = framings(a, b);
    expect(conflict?.reason).toBe(
      "Both reports say what Ukraine has said or signaled, but differently: 'does not want a ceasefire with Russia before the winter' vs 'is ready to accept a ceasefire with Russia within weeks'.",
    );
    expect(conflict!.facets[0]).toMatchObject({
      type: 'attribution',
      before: 'Ukraine has said',
      after: 'Ukraine has signaled',
    });
  });

  it('reads the same position, reworded a little, as agreement', () => {
    const a = report(
      'https://a.example/s',
      'Ukraine has vowed to keep fighting until Russia withdraws its troops.',
    );
    const b = report(
      'https://b.example/s',
      'Ukraine vowed to keep fighting until Russia withdraws all of its troops.',
    );
    expect(framings(a, b)).toEqual([]);
  });

  it('flags the same words with the opposite polarity', () => {
    const a = report('https://a.example/s', 'Russia has said it wants a ceasefire with Ukraine this month.');
    const b = report(
      'https://b.example/s',
      'Russia has said it does not want a ceasefire with Ukraine this month.',
    );
    const [conflict] = framings(a, b);
    expect(conflict?.reason).toMatch(
      /'wants a ceasefire with Ukraine this month' vs 'does not want a ceasefire/,
    );
  });

  it('does not pair two different actors, or one actor on two different matters', () => {
    const a = report(
      'https://a.example/s',
      'Ukraine has said it does not want a ceasefire with Russia before the winter.',
    );
    const b = report(
      'https://b.example/s',
      'Russia has signaled it intends to widen the ceasefire talks with Ukraine.',
    );
    expect(framings(a, b)).toEqual([]);
    const c = report('https://c.example/s', 'Ukraine has signaled it plans to hold elections next spring.');
    expect(framings(a, c)).toEqual([]);
  });

  it('leaves plain reporting ("X said the jurors …") alone', () => {
    const a = report(
      'https://a.example/s',
      'Ukraine said the prisoners were exchanged at the Belarus border.',
    );
    const b = report(
      'https://b.example/s',
      'Ukraine said the prisoners would be flown to Kyiv from the Belarus border.',
    );
    expect(framings(a, b)).toEqual([]);
  });

  it('finds the actor, the verb group and the core of the stance in a long sentence', () => {
    const [claim] = analyse(
      articleFromText(
        'Two officials told ABC News that a draft was floated, but at this point Israel has signaled it intends to move forward with battle plans aimed at ending months of exchanges with Hezbollah.',
        'https://x.example/s',
        { title: 'x' },
      ),
    ).claims;
    const stances = stancesOf(claim!);
    expect(stances.map((s) => [s.actorKey, s.phrase, s.gist, s.negated])).toEqual([
      ['israel', 'Israel has signaled', 'intends to move forward with battle plans', false],
    ]);
  });
});

describe('the popup’s grouping of sibling conflicts', () => {
  it('puts a framing conflict under "Reported differently" and a figure conflict under "Conflicting figures"', () => {
    const a = report(
      'https://a.example/s',
      'Ukraine has said it does not want a ceasefire with Russia before the winter.',
      'Officials said the shelling on Monday killed 12 people in Kherson.',
    );
    const b = report(
      'https://b.example/s',
      'Ukraine has signaled it is ready to accept a ceasefire with Russia within weeks.',
      'Officials said the shelling on Monday killed 31 people in Kherson.',
    );
    const groups = headedSiblingGroups(compareSiblings(a, b), 'B News');
    const heading = (text: string) =>
      groups.find((g) => g.differences.some((d) => (d.before ?? '').includes(text)))?.heading;
    expect(heading('does not want a ceasefire')).toBe('Reported differently');
    expect(heading('killed 12 people')).toBe('Conflicting figures');
  });
});
