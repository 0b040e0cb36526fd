/**
 * The article text of one side of a comparison, laid out by ./layout.ts: each difference found in
 * it is a mark the difference list can jump to. Page text goes in as Preact text children.
 */
import type { Difference } from '../../model/types';
import { WordDiff } from '../shared/differences';
import { t } from '../shared/i18n';
import type { Block, Side, SideLayout } from './layout';

function BlockView({
  block,
  side,
  differences,
  current,
}: {
  block: Block;
  side: Side;
  differences: Difference[];
  current: number | null;
}) {
  return (
    <p class={block.paragraph === null ? 'cc-paragraph cc-paragraph-removed' : 'cc-paragraph'}>
      {block.segments.map((segment, index) => {
        if (segment.kind === 'text') return <span key={index}>{segment.text}</span>;
        const kind = differences[segment.diff]?.kind ?? 'changed';
        const active = current === segment.diff ? ' cc-current' : '';
        if (segment.kind === 'removed') {
          return (
            <span key={index}>
              {' '}
              <del
                class={`cc-mark cc-removed${active}`}
                data-diff={segment.diff}
                data-side={side}
                tabIndex={-1}
                title={t('compare_removedSentence')}
              >
                {segment.text}
              </del>{' '}
            </span>
          );
        }
        return (
          <mark
            key={index}
            class={`cc-mark cc-kind-${kind}${active}`}
            data-diff={segment.diff}
            data-side={side}
            tabIndex={-1}
          >
            {segment.words ? <WordDiff parts={segment.words} /> : segment.text}
          </mark>
        );
      })}
    </p>
  );
}

export function ArticleText({
  layout,
  side,
  differences,
  current,
  label,
}: {
  layout: SideLayout;
  side: Side;
  differences: Difference[];
  current: number | null;
  label: string;
}) {
  return (
    <div class="cc-text" data-side={side} aria-label={label} role="region">
      {layout.blocks.map((block, index) => (
        <BlockView key={index} block={block} side={side} differences={differences} current={current} />
      ))}
    </div>
  );
}
