import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../src/claims/index';
import { localeNumbersIn } from '../../src/claims/numbers';
import { articleFromText } from '../../src/extract/index';

const values = (text: string, lang: string): (number | null)[] =>
  localeNumbersIn(text, lang).map((n) => n.value);

describe('figures by the page language', () => {
  it('reads group and decimal separators as the language writes them', () => {
    expect(values('Es kostet 1.500 Euro.', 'de')).toEqual([1500]);
    expect(values('Il y a 1 500 personnes.', 'fr')).toEqual([1500]);
    expect(values('Hubo 1.500 heridos y 2,5 por ciento.', 'es')).toEqual([1500, 2.5]);
  });

  it('applies scale words and CJK scale characters', () => {
    expect(values('Ein Umsatz von 1,5 Mio. Euro.', 'de')).toEqual([1_500_000]);
    expect(values('Unos 3 millones de personas.', 'es')).toEqual([3_000_000]);
    expect(values('Около 2,5 млрд рублей.', 'ru')).toEqual([2_500_000_000]);
    expect(values('Stálo to 4,2 mld. korun.', 'cs')).toEqual([4_200_000_000]);
    expect(values('Stálo to 3 mil. korun.', 'cs')).toEqual([3_000_000]);
    expect(values('Costó 3 mil euros.', 'es')).toEqual([3000]);
    expect(values('約5万人が参加した。', 'ja')).toEqual([50_000]);
  });
});

describe('sentences and quotations in other languages', () => {
  const claimsOf = (text: string, lang: string) =>
    extractClaims(articleFromText(text, 'https://news.example/a', { title: 'T', lang })).map((c) => c.text);

  it('splits German text with „…“ quotations into sentences, a quotation with its speaker', () => {
    const claims = claimsOf(
      '„Wir sind bereit. Wir bleiben hier“, sagte der Minister am 3. Oktober. Die Opposition widersprach. Sie nannte 1.500 Fälle.',
      'de',
    );
    expect(claims).toEqual([
      '„Wir sind bereit. Wir bleiben hier“, sagte der Minister am 3. Oktober.',
      'Die Opposition widersprach.',
      'Sie nannte 1.500 Fälle.',
    ]);
  });

  it('splits French text with « … » and Russian text with «…»', () => {
    expect(claimsOf('« Nous resterons », a dit le ministre. Le débat continue.', 'fr')).toHaveLength(2);
    expect(claimsOf('«Мы останемся», — сказал министр. Дебаты продолжаются.', 'ru')).toHaveLength(2);
  });

  it('splits Japanese and Chinese text at 。', () => {
    expect(claimsOf('首相は「会談は成功した。」と述べた。野党は反発した。', 'ja')).toEqual([
      '首相は「会談は成功した。」と述べた。',
      '野党は反発した。',
    ]);
    expect(claimsOf('政府宣布了新计划。反对派表示不满。', 'zh')).toHaveLength(2);
  });

  it('never lets a stray „ swallow the German paragraph', () => {
    const claims = claimsOf(
      'Der Minister sprach. „ Die Lage ist ernst. Er sagte „Nein“. Dann ging er.',
      'de',
    );
    expect(claims.length).toBeGreaterThanOrEqual(3);
  });
});
