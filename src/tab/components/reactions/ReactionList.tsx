import { useEffect, useRef } from 'react';
import { Button, Caption1, Input, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { canRemove, type DraftReaction } from '../../data/reactionDraft';
import type { ReactionOption } from '../../data/schemas';
import { useT } from '../../i18n/LocaleContext';

// The last column fits the three 32px row buttons, so the header lines up with the rows.
const ROW_COLUMNS = '2rem 5rem minmax(8rem, 1fr) minmax(6rem, 10rem) 104px';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  header: {
    display: 'grid',
    gridTemplateColumns: ROW_COLUMNS,
    columnGap: tokens.spacingHorizontalM,
    // The rows' padding plus their border, so the column labels sit over the inputs.
    padding: `0 calc(${tokens.spacingHorizontalM} + ${tokens.strokeWidthThin})`,
    color: tokens.colorNeutralForeground3,
    '@media (max-width: 600px)': { display: 'none' },
  },
  row: {
    display: 'grid',
    gridTemplateColumns: ROW_COLUMNS,
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    alignItems: 'center',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    '@media (max-width: 600px)': { gridTemplateColumns: '2rem 4.5rem 1fr', gridTemplateRows: 'auto auto' },
  },
  position: { color: tokens.colorNeutralForeground3, textAlign: 'center', fontVariantNumeric: 'tabular-nums' },
  emoji: { minWidth: 0, width: '100%', '& input': { textAlign: 'center', fontSize: tokens.fontSizeBase400 } },
  label: { minWidth: 0, width: '100%' },
  type: {
    color: tokens.colorNeutralForeground3,
    fontFamily: tokens.fontFamilyMonospace,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    '@media (max-width: 600px)': { gridColumn: '2 / 3' },
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXXS, justifySelf: 'end', '@media (max-width: 600px)': { gridColumn: '3 / 4' } },
});

export type RowControl = 'up' | 'down' | 'remove';
/** After a move or removal, which button keeps keyboard focus, so a keyboard user does not lose their place. */
export interface FocusRequest {
  key: string;
  control: RowControl;
}

/** The reaction set in button order: each reaction's emoji and label, and buttons to move or remove it. */
export function ReactionList({
  rows,
  labelledBy,
  disabled,
  focusRequest,
  nameOf,
  onChange,
  onMove,
  onRemove,
}: {
  rows: DraftReaction[];
  labelledBy: string;
  disabled: boolean;
  focusRequest?: FocusRequest;
  nameOf: (option: ReactionOption, index: number) => string;
  onChange: (key: string, change: Partial<ReactionOption>) => void;
  onMove: (key: string, by: -1 | 1) => void;
  onRemove: (key: string) => void;
}) {
  const styles = useStyles();
  const translate = useT();
  const controls = useRef(new Map<string, HTMLButtonElement>());
  const controlRef = (key: string, control: RowControl) => (element: HTMLButtonElement | null) => {
    if (element) controls.current.set(`${key}:${control}`, element);
    else controls.current.delete(`${key}:${control}`);
  };

  useEffect(() => {
    if (focusRequest) controls.current.get(`${focusRequest.key}:${focusRequest.control}`)?.focus();
  }, [focusRequest]);

  const removable = canRemove(rows);
  return (
    <div>
      <div className={styles.header} aria-hidden="true">
        <span />
        <Caption1>{translate('tab.admin.reactions.column.emoji')}</Caption1>
        <Caption1>{translate('tab.admin.reactions.column.label')}</Caption1>
        <Caption1>{translate('tab.admin.reactions.column.type')}</Caption1>
      </div>
      <ol className={styles.list} aria-labelledby={labelledBy} data-testid="reaction-list">
        {rows.map((row, index) => {
          const name = nameOf(row, index);
          const position = index + 1;
          return (
            <li key={row.key} className={styles.row} data-testid="reaction-row">
              <Caption1 className={styles.position} aria-hidden="true">
                {position}
              </Caption1>
              <Input
                className={styles.emoji}
                value={row.emoji}
                onChange={(_, data) => onChange(row.key, { emoji: data.value })}
                aria-label={translate('tab.admin.reactions.emojiInput', { position })}
                disabled={disabled}
                data-testid="reaction-emoji-input"
              />
              <Input
                className={styles.label}
                value={row.label}
                onChange={(_, data) => onChange(row.key, { label: data.value })}
                aria-label={translate('tab.admin.reactions.labelInput', { position })}
                disabled={disabled}
                data-testid="reaction-label-input"
              />
              <Caption1 className={styles.type} title={row.type} data-testid="reaction-type">
                {row.type}
              </Caption1>
              <div className={styles.actions}>
                <RowButton
                  glyph="↑"
                  label={translate('tab.admin.reactions.moveUp', { label: name })}
                  disabled={disabled || index === 0}
                  buttonRef={controlRef(row.key, 'up')}
                  onClick={() => onMove(row.key, -1)}
                  testId="reaction-move-up"
                />
                <RowButton
                  glyph="↓"
                  label={translate('tab.admin.reactions.moveDown', { label: name })}
                  disabled={disabled || index === rows.length - 1}
                  buttonRef={controlRef(row.key, 'down')}
                  onClick={() => onMove(row.key, 1)}
                  testId="reaction-move-down"
                />
                <RowButton
                  glyph="✕"
                  label={translate('tab.admin.reactions.remove', { label: name })}
                  disabled={disabled || !removable}
                  buttonRef={controlRef(row.key, 'remove')}
                  onClick={() => onRemove(row.key)}
                  testId="reaction-remove"
                />
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/**
 * An icon-only button named by its tooltip. It stays focusable when disabled, so
 * focus does not vanish when a move takes a reaction to the top or bottom.
 */
function RowButton({
  glyph,
  label,
  disabled,
  buttonRef,
  onClick,
  testId,
}: {
  glyph: string;
  label: string;
  disabled: boolean;
  buttonRef: (element: HTMLButtonElement | null) => void;
  onClick: () => void;
  testId: string;
}) {
  return (
    <Tooltip content={label} relationship="label" withArrow>
      <Button
        ref={buttonRef}
        appearance="subtle"
        icon={<span aria-hidden="true">{glyph}</span>}
        disabledFocusable={disabled}
        onClick={onClick}
        data-testid={testId}
      />
    </Tooltip>
  );
}
