import { strict as assert } from 'assert';
import { regexProblem, screenText, validateWordList, WordListEntry } from '../../src/domain/word-list';

describe('word list rules', () => {
  const list = (entries: WordListEntry[]) => validateWordList(entries);

  it('matches whole words and phrases, whatever the case and spacing, letters beyond ASCII included', () => {
    const entries = list([
      { kind: 'word', pattern: 'café', action: 'hold' },
      { kind: 'phrase', pattern: 'out of office', action: 'block' },
    ]);
    assert.deepEqual(screenText(entries, ['Meet at the CAFÉ']), { action: 'hold', matches: [{ rule: 1, entry: entries[0], term: 'CAFÉ' }] });
    assert.equal(screenText(entries, ['cafés and cafeterias']).action, 'publish', 'a longer word is another word');
    assert.deepEqual(screenText(entries, ['I am Out of\noffice today']), { action: 'block', match: { rule: 2, entry: entries[1], term: 'Out of\noffice' } });
  });

  it('lets any block win over holds, and names every hold once', () => {
    const entries = list([
      { kind: 'word', pattern: 'alpha', action: 'hold' },
      { kind: 'word', pattern: 'beta', action: 'hold' },
      { kind: 'regex', pattern: 'gam+a', action: 'block' },
    ]);
    assert.deepEqual((screenText(entries, ['alpha beta', 'alpha again']) as any).matches.map((m: any) => m.term), ['alpha', 'beta']);
    assert.equal(screenText(entries, ['alpha', 'gammma']).action, 'block');
    assert.equal(screenText([], ['anything']).action, 'publish');
  });

  it('refuses regular expressions that are invalid or could backtrack catastrophically', () => {
    for (const bad of ['(', '[a-', '(a+)+', '(a*)*b', '(a|aa)+', '(?:x+y?)+', '((ab)*c)*', '(a{2,})+', '(\\w+\\s?)+$', '(a)\\1', '(?<x>a)\\k<x>', 'a+b+c+', '\\w*\\w*\\w*']) {
      assert.ok(regexProblem(bad), `${bad} should be refused`);
    }
    for (const good of ['acct-\\d{6}', '\\bfoo(bar)?\\b', '[(+*)]+', 'colou?r', '(ab){2}', 'a.*b', '(?:red|green) team', '\\(a+\\)+']) {
      assert.equal(regexProblem(good), undefined, `${good} should be allowed`);
    }
  });

  it('numbers the refused line', () => {
    assert.throws(() => list([{ kind: 'word', pattern: 'ok', action: 'block' }, { kind: 'regex', pattern: '(a+)+', action: 'hold' }]), /line 2/);
  });
});
