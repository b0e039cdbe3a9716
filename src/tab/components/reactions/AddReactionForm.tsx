import { useId, useRef, useState, type FormEvent } from 'react';
import { Button, Field, Input, MessageBar, MessageBarBody, Subtitle2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { REACTION_SET_MAX } from '../../../domain/reactions';
import { canAdd, derivedType, reactionSlug, type DraftReaction } from '../../data/reactionDraft';
import type { ReactionOption } from '../../data/schemas';
import { useT } from '../../i18n/LocaleContext';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusLarge,
  },
  title: { margin: 0 },
  fields: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}` },
  emoji: { width: '6rem' },
  emojiInput: { '& input': { textAlign: 'center' } },
  input: { width: '100%', minWidth: 0 },
  label: { flex: '1 1 10rem' },
  type: { flex: '1 1 12rem' },
  // Lines the button up with the inputs, below their labels.
  submit: { alignSelf: 'flex-start', marginTop: '26px' },
});

/** A new reaction: emoji and label, and a type made from the label unless the admin picks one. */
export function AddReactionForm({
  rows,
  disabled,
  onAdd,
}: {
  rows: DraftReaction[];
  disabled: boolean;
  onAdd: (option: ReactionOption) => void;
}) {
  const styles = useStyles();
  const translate = useT();
  const titleId = useId();
  const emojiInput = useRef<HTMLInputElement>(null);
  const [emoji, setEmoji] = useState('');
  const [label, setLabel] = useState('');
  const [typedType, setTypedType] = useState('');

  const full = !canAdd(rows);
  const chosenType = typedType.trim() ? reactionSlug(typedType) : '';
  const type = chosenType || derivedType(label, rows);
  const typeTaken = chosenType !== '' && rows.some((row) => row.type === chosenType);
  const ready = !full && !disabled && emoji.trim() !== '' && label.trim() !== '' && !typeTaken;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    onAdd({ type, emoji: emoji.trim(), label: label.trim() });
    setEmoji('');
    setLabel('');
    setTypedType('');
    emojiInput.current?.focus();
  }

  const named = label.trim() !== '' || chosenType !== '';
  const typeHint = named
    ? translate('tab.admin.reactions.add.typeHint', { type })
    : translate('tab.admin.reactions.add.typeHintEmpty');
  return (
    <form className={styles.root} aria-labelledby={titleId} onSubmit={submit} data-testid="reaction-add-form">
      <Subtitle2 as="h3" id={titleId} className={styles.title}>
        {translate('tab.admin.reactions.add.title')}
      </Subtitle2>
      <div className={styles.fields}>
        <Field label={translate('tab.admin.reactions.add.emoji')} required className={styles.emoji}>
          <Input
            ref={emojiInput}
            className={mergeClasses(styles.input, styles.emojiInput)}
            value={emoji}
            placeholder="🙏"
            onChange={(_, data) => setEmoji(data.value)}
            disabled={full || disabled}
            data-testid="reaction-add-emoji"
          />
        </Field>
        <Field label={translate('tab.admin.reactions.add.label')} required className={styles.label}>
          <Input
            className={styles.input}
            value={label}
            onChange={(_, data) => setLabel(data.value)}
            disabled={full || disabled}
            data-testid="reaction-add-label"
          />
        </Field>
        <Field
          label={translate('tab.admin.reactions.add.type')}
          className={styles.type}
          hint={typeTaken ? undefined : typeHint}
          validationState={typeTaken ? 'error' : 'none'}
          validationMessage={typeTaken ? translate('tab.admin.reactions.add.typeTaken', { type: chosenType }) : undefined}
        >
          <Input
            className={styles.input}
            value={typedType}
            placeholder={named ? type : undefined}
            onChange={(_, data) => setTypedType(data.value)}
            disabled={full || disabled}
            data-testid="reaction-add-type"
          />
        </Field>
        <Button type="submit" className={styles.submit} disabledFocusable={!ready} data-testid="reaction-add">
          {translate('tab.admin.reactions.add.submit')}
        </Button>
      </div>
      {full && (
        <MessageBar intent="info" data-testid="reaction-add-full">
          <MessageBarBody>{translate('tab.admin.reactions.add.full', { max: REACTION_SET_MAX })}</MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}
