import { Fragment, useMemo, type ReactNode } from 'react';
import { Link } from '@fluentui/react-components';
import { parseMarkdown, type MarkdownNode } from '../text/markdown';

/** Post text with its safe Markdown subset; React escapes every text node. */
export function MarkdownText({ source }: { source: string }) {
  const nodes = useMemo(() => parseMarkdown(source), [source]);
  return <>{renderNodes(nodes)}</>;
}

function renderNodes(nodes: MarkdownNode[]): ReactNode[] {
  return nodes.map((node, index) => <Fragment key={index}>{renderNode(node)}</Fragment>);
}

function renderNode(node: MarkdownNode): ReactNode {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'strong':
      return <strong>{renderNodes(node.children)}</strong>;
    case 'emphasis':
      return <em>{renderNodes(node.children)}</em>;
    case 'link':
      return (
        <Link href={node.href} target="_blank" rel="noopener noreferrer" inline>
          {node.text}
        </Link>
      );
    case 'lineBreak':
      return <br />;
  }
}
