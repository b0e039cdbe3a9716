import { parseMarkdown, type MarkdownNode } from '../../text/markdown';

/**
 * Markdown for the Adaptive Card renderer, as Teams shows it: the post subset
 * (bold, italic, https links, line breaks) plus "- " and "1. " lists. Built from
 * parsed nodes with every text escaped, so a card never carries live HTML.
 */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function inline(nodes: MarkdownNode[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escape(node.text);
        case 'strong':
          return `<strong>${inline(node.children)}</strong>`;
        case 'emphasis':
          return `<em>${inline(node.children)}</em>`;
        case 'link':
          return `<a href="${escape(node.href)}" target="_blank" rel="noopener noreferrer">${escape(node.text)}</a>`;
        case 'lineBreak':
          return '<br>';
      }
    })
    .join('');
}

export function cardMarkdownToHtml(source: string): string {
  const blocks: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  const flush = () => {
    if (list) blocks.push(`<${list.tag}>${list.items.map((item) => `<li>${item}</li>`).join('')}</${list.tag}>`);
    list = undefined;
  };
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const item = /^\s*(?:([-*])|(\d+)\.)\s+(.*)$/.exec(line);
    if (item) {
      const tag = item[1] ? 'ul' : 'ol';
      if (list?.tag !== tag) flush();
      list ??= { tag, items: [] };
      list.items.push(inline(parseMarkdown(item[3])));
      continue;
    }
    flush();
    if (line.trim()) blocks.push(`<p>${inline(parseMarkdown(line))}</p>`);
  }
  flush();
  return blocks.join('');
}
