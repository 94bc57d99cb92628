import { labelScripts, languageMatch } from './trend-language.js';

describe("a trend's language against the workspace's", () => {
  it('takes the language a source declared first, on primary subtags', () => {
    expect(languageMatch('Some title', ['fr-FR', 'fr'], ['fr', 'en'])).toEqual({ match: true, basis: 'source', declared: ['fr'] });
    expect(languageMatch('Un titre', ['es'], ['fr-CA'])).toEqual({ match: false, basis: 'source', declared: ['es'] });
    // One declared language among several is enough.
    expect(languageMatch('x', ['ja', 'en-GB'], ['en'])).toEqual({ match: true, basis: 'source', declared: ['en', 'ja'] });
  });

  it("falls back on the label's writing system, and says so", () => {
    expect(languageMatch('#ラーメン', [null], ['fr', 'en'])).toEqual({ match: false, basis: 'script', declared: [] });
    expect(languageMatch('#ラーメン', [], ['ja'])).toMatchObject({ match: true, basis: 'script' });
    // Han alone could be Chinese or Japanese; Latin alone is neither.
    expect(languageMatch('#火锅', [], ['zh'])).toMatchObject({ match: true });
    expect(languageMatch('#火锅', [], ['ja'])).toMatchObject({ match: true });
    expect(languageMatch('#tokyo', [], ['zh'])).toMatchObject({ match: false });
    expect(languageMatch('#рецепты', [], ['fr'])).toMatchObject({ match: false, basis: 'script' });
    expect(languageMatch('#рецепты', [], ['fr', 'ru'])).toMatchObject({ match: true, basis: 'script' });
    expect(languageMatch('#rentréescolaire', [], ['fr'])).toMatchObject({ match: true, basis: 'script' });
    expect(languageMatch('#وصفات', [], ['ar'])).toMatchObject({ match: true });
  });

  it('has no answer when the workspace set no language, or the label has no letters', () => {
    expect(languageMatch('#recettes', ['fr'], [])).toEqual({ match: null, basis: null, declared: ['fr'] });
    expect(languageMatch('#2026 🎉', [], ['fr'])).toEqual({ match: null, basis: null, declared: [] });
  });

  it('reads the scripts of letters only', () => {
    expect([...labelScripts('#Tōkyō_2026 東京 とうきょう')].sort()).toEqual(['Han', 'Kana', 'Latin']);
    expect(labelScripts('#_2026 🎉!').size).toBe(0);
  });
});
