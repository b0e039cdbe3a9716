/**
 * The small Markdown subset posts may use: **bold**, _italic_, [label](https://…),
 * bare https:// links and line breaks. It parses to plain nodes that React renders
 * as elements, so post text is never treated as HTML. Only https: URLs become links;
 * anything else (javascript:, data:, http:) stays text.
 */
import { labelWithHost } from '../../domain/links';

export type MarkdownNode =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: MarkdownNode[] }
  | { type: 'emphasis'; children: MarkdownNode[] }
  | { type: 'link'; href: string; text: string }
  | { type: 'lineBreak' };

// Alternatives, in priority order: **bold**, _italic_, [label](url), bare https URL.
// No lookbehind: older WebKit (Teams on iOS) rejects it when the bundle is parsed.
const INLINE = /\*\*(\S(?:[^\n]*?\S)?)\*\*|_(\S(?:[^\n_]*?\S)?)_|\[([^\]\n]+)\]\(([^()\s]+)\)|(https:\/\/[^\s<>"]*[^\s<>".,;:!?)'\]])/g;
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

export function parseMarkdown(source: string): MarkdownNode[] {
  const nodes: MarkdownNode[] = [];
  source
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((line, index) => {
      if (index > 0) nodes.push({ type: 'lineBreak' });
      nodes.push(...parseInline(line));
    });
  return nodes;
}

export function safeHttpsUrl(candidate: string): string | undefined {
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function parseInline(text: string): MarkdownNode[] {
  const nodes: MarkdownNode[] = [];
  const pattern = new RegExp(INLINE.source, 'g');
  let consumed = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const node = toNode(match, text);
    if (!node) {
      // Not markup after all (e.g. snake_case): rescan from the next character.
      pattern.lastIndex = match.index + 1;
      continue;
    }
    if (match.index > consumed) pushText(nodes, text.slice(consumed, match.index));
    if (node.type === 'text') pushText(nodes, node.text);
    else nodes.push(node);
    consumed = match.index + match[0].length;
  }
  if (consumed < text.length) pushText(nodes, text.slice(consumed));
  return nodes;
}

function toNode(match: RegExpExecArray, text: string): MarkdownNode | undefined {
  const [whole, bold, italic, label, target, bareUrl] = match;
  if (bold !== undefined) return { type: 'strong', children: parseInline(bold) };
  if (italic !== undefined) {
    // Underscores inside words (snake_case, file_name_v2) are not emphasis.
    const before = text[match.index - 1] ?? '';
    const after = text[match.index + whole.length] ?? '';
    if (WORD_CHARACTER.test(before) || WORD_CHARACTER.test(after)) return undefined;
    return { type: 'emphasis', children: parseInline(italic) };
  }
  if (label !== undefined) {
    const href = safeHttpsUrl(target);
    return href ? { type: 'link', href, text: labelWithHost(label, href) } : { type: 'text', text: label };
  }
  const href = safeHttpsUrl(bareUrl);
  return href ? { type: 'link', href, text: bareUrl } : undefined;
}

function pushText(nodes: MarkdownNode[], text: string): void {
  const last = nodes[nodes.length - 1];
  if (last?.type === 'text') last.text += text;
  else nodes.push({ type: 'text', text });
}
