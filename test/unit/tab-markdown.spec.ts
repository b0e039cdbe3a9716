import { strict as assert } from 'assert';
import { parseMarkdown, safeHttpsUrl } from '../../src/tab/text/markdown';

describe('tab: the Markdown subset of posts', () => {
  it('parses bold, italic, https links and line breaks into nodes, never HTML', () => {
    assert.deepEqual(parseMarkdown('**Big** _news_\nsee [plan](https://contoso.example/plan)'), [
      { type: 'strong', children: [{ type: 'text', text: 'Big' }] },
      { type: 'text', text: ' ' },
      { type: 'emphasis', children: [{ type: 'text', text: 'news' }] },
      { type: 'lineBreak' },
      { type: 'text', text: 'see ' },
      { type: 'link', href: 'https://contoso.example/plan', text: 'plan (contoso.example)' },
    ]);
  });

  it('shows the real host of a labelled link, so a label cannot pass off one site as another', () => {
    assert.deepEqual(parseMarkdown('[https://payroll.contoso.example](https://evil.example/login)'), [
      { type: 'link', href: 'https://evil.example/login', text: 'https://payroll.contoso.example (evil.example)' },
    ]);
    assert.deepEqual(parseMarkdown('[evil.example/login](https://evil.example/login)'), [{ type: 'link', href: 'https://evil.example/login', text: 'evil.example/login' }]);
  });

  it('keeps javascript:, data: and http: links as plain text', () => {
    for (const source of ['[x](javascript:alert(1))', '[x](data:text/html,hi)', '[x](http://contoso.example)']) {
      assert.ok(parseMarkdown(source).every((node) => node.type !== 'link'), source);
    }
    assert.equal(safeHttpsUrl('javascript:alert(1)'), undefined);
    assert.equal(safeHttpsUrl('https://contoso.example/a'), 'https://contoso.example/a');
  });

  it('leaves HTML as text for React to escape', () => {
    const nodes = parseMarkdown('<img src=x onerror=alert(1)>');
    assert.deepEqual(nodes, [{ type: 'text', text: '<img src=x onerror=alert(1)>' }]);
  });

  it('does not mistake snake_case for italics', () => {
    assert.deepEqual(parseMarkdown('use snake_case_names here'), [{ type: 'text', text: 'use snake_case_names here' }]);
  });
});
