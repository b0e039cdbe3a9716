import { Button, Toolbar, Tooltip } from '@fluentui/react-components';
import { useT } from '../../i18n/LocaleContext';

type Edit = { before: string; after: string; linePrefix?: string };

const EDITS: Array<{ key: 'bold' | 'italic' | 'bullets' | 'numbers' | 'link'; glyph: string; edit: Edit }> = [
  { key: 'bold', glyph: 'B', edit: { before: '**', after: '**' } },
  { key: 'italic', glyph: 'I', edit: { before: '_', after: '_' } },
  { key: 'bullets', glyph: '•', edit: { before: '', after: '', linePrefix: '- ' } },
  { key: 'numbers', glyph: '1.', edit: { before: '', after: '', linePrefix: '1. ' } },
  { key: 'link', glyph: '🔗', edit: { before: '[', after: '](https://)' } },
];

/** Wraps the selection (or prefixes its lines) with the Markdown Teams cards render. */
export function applyEdit(text: string, start: number, end: number, edit: Edit): { text: string; cursor: number } {
  const selected = text.slice(start, end);
  if (edit.linePrefix) {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const block = text.slice(lineStart, end).split('\n').map((line) => edit.linePrefix + line).join('\n');
    return { text: text.slice(0, lineStart) + block + text.slice(end), cursor: lineStart + block.length };
  }
  const next = text.slice(0, start) + edit.before + selected + edit.after + text.slice(end);
  return { text: next, cursor: start + edit.before.length + selected.length };
}

export function MarkdownToolbar({ target, onChange }: { target: () => HTMLTextAreaElement | null; onChange: (text: string) => void }) {
  const translate = useT();
  return (
    <Toolbar aria-label={translate('tab.studio.toolbar')} size="small">
      {EDITS.map(({ key, glyph, edit }) => {
        const label = translate(`tab.studio.format.${key}`);
        return (
          <Tooltip key={key} content={label} relationship="label">
            <Button
              appearance="subtle"
              size="small"
              data-testid={`format-${key}`}
              onClick={() => {
                const area = target();
                if (!area) return;
                const result = applyEdit(area.value, area.selectionStart, area.selectionEnd, edit);
                onChange(result.text);
                requestAnimationFrame(() => {
                  area.focus();
                  area.setSelectionRange(result.cursor, result.cursor);
                });
              }}
            >
              <span aria-hidden="true">{glyph}</span>
            </Button>
          </Tooltip>
        );
      })}
    </Toolbar>
  );
}
