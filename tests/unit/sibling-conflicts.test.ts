import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/claims/index';
import { compareSiblings } from '../../src/compare/index';
import { articleFromText } from '../../src/extract/index';
import type { AnalysedArticle } from '../../src/model/types';

const report = (paragraphs: string[], n = 0): AnalysedArticle =>
  analyse(articleFromText(paragraphs.join('\n\n'), `https://c${n}.example/story`, { title: 'Report' }));

/** The conflicts between two one-story reports that share an opening sentence (the event's names). */
function conflicts(a: string, b: string) {
  const opening = 'President Hamid Karzai and General David Petraeus met NATO officials on Monday.';
  return compareSiblings(report([opening, a]), report([opening, b], 1)).filter((d) => d.kind === 'conflict');
}

describe('sibling conflicts: places', () => {
  it('flags one act placed in two cities', () => {
    const found = conflicts(
      'A suicide bomber killed nine soldiers at a checkpoint in Kabul on Monday morning.',
      'A suicide bomber killed nine soldiers at a checkpoint in Kandahar on Monday morning.',
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.reason).toMatch(/^Different places for the same event: 'Kabul' vs 'Kandahar'/);
  });

  it('does not flag a city against the country that holds it', () => {
    expect(
      conflicts(
        'A suicide bomber killed nine soldiers at a checkpoint in Kabul on Monday morning.',
        'A suicide bomber killed nine soldiers at a checkpoint in Afghanistan on Monday morning.',
      ),
    ).toEqual([]);
  });

  it('does not flag two places when each sentence names both', () => {
    expect(
      conflicts(
        'Suicide bombers killed nine soldiers at checkpoints in Kabul and Kandahar on Monday.',
        'Suicide bombers killed nine soldiers at checkpoints in Kandahar and Kabul on Monday.',
      ),
    ).toEqual([]);
  });

  it('does not flag places of two different acts', () => {
    expect(
      conflicts(
        'The general flew to Kabul after the meeting with officials.',
        'A suicide bomber attacked a checkpoint in Kandahar, officials reported later.',
      ),
    ).toEqual([]);
  });
});

describe('sibling conflicts: who did what', () => {
  it('flags one act done by two different actors', () => {
    const found = conflicts(
      'During the march in the capital, police fired tear gas at the crowd outside the ministry.',
      'During the march in the capital, protesters fired tear gas at the crowd outside the ministry.',
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.reason).toBe("Different actors for the same act ('fired'): 'police' vs 'protesters'.");
  });

  it('flags two named people credited with one act', () => {
    const found = conflicts(
      'Ahmad Wali Karzai signed the security agreement at the palace late on Monday night.',
      'Abdullah Abdullah signed the security agreement at the palace late on Monday night.',
    );
    expect(found.map((d) => d.facets[0])).toEqual([
      { type: 'entity', before: 'Ahmad Wali Karzai', after: 'Abdullah Abdullah' },
    ]);
  });

  it('does not flag a name against a pronoun or a title', () => {
    expect(
      conflicts(
        'Karzai signed the security agreement at the palace late on Monday night.',
        'He signed the security agreement at the palace late on Monday night.',
      ),
    ).toEqual([]);
    expect(
      conflicts(
        'Karzai signed the security agreement at the palace late on Monday night.',
        'The president signed the security agreement at the palace late on Monday night.',
      ),
    ).toEqual([]);
  });

  it('does not flag the one a passive act was done to against its agent, nor a name spelled two ways', () => {
    expect(
      conflicts(
        'Gunman Brian Nichols was sentenced on Saturday to seven life sentences in the courthouse case.',
        'Judge James Bodiford sentenced Nichols on Saturday to seven life sentences in the courthouse case.',
      ),
    ).toEqual([]);
    expect(
      conflicts(
        'On Friday, 36-year-old Duncan Rait died after slipping and falling from a ridge.',
        'On Friday, 36-year-old Duncan Raite died after slipping and falling from a ridge.',
      ),
    ).toEqual([]);
  });
});

describe('sibling conflicts: dates and time spans', () => {
  it('flags "since 2002" against "since 2003" for one fact', () => {
    const found = conflicts(
      'Pelosi has led the House Democrats since 2002, and she plans to stay on as leader.',
      'Pelosi has led the House Democrats since 2003, and she plans to stay on as leader.',
    );
    expect(found.map((d) => d.facets[0])).toEqual([
      { type: 'date', before: 'since 2002', after: 'since 2003' },
    ]);
  });

  it('does not flag a year against a full date in that year', () => {
    expect(
      conflicts(
        'Page was born in 1923 in Nashville, Tennessee, one of six children.',
        'Page was born on April 22, 1923 in Nashville, Tennessee, one of six children.',
      ),
    ).toEqual([]);
  });
});

describe('sibling conflicts: figures', () => {
  it('reads "AK-47" as a name, not a count, and a figure both sides give as shared', () => {
    expect(
      conflicts(
        'The navy seized six AK-47 rifles and 12 magazines from the pirates on Monday.',
        'The navy seized six AK 47 rifles and 12 magazines from the pirates on Monday.',
      ),
    ).toEqual([]);
  });

  it('takes a floor below a ceiling as one range', () => {
    expect(
      conflicts(
        'Police chased the gunman at speeds of more than 100 mph before he pulled over on Monday.',
        'Police chased the gunman at speeds of up to 120 mph before he pulled over on Monday.',
      ),
    ).toEqual([]);
  });
});
