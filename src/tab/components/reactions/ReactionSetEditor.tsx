import { useEffect, useMemo, useRef, useState } from 'react';
import { Body1, Button, Caption1, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { DEFAULT_REACTIONS, REACTION_SET_MAX } from '../../../domain/reactions';
import { useApi } from '../../data/ApiContext';
import { describeError } from '../../data/errorMessage';
import {
  addReaction,
  defaultDraft,
  moveReaction,
  removeReaction,
  sameReactions,
  toDraft,
  toReactionSet,
  updateReaction,
  type DraftReaction,
} from '../../data/reactionDraft';
import { reactionSetSchema, type ReactionOption } from '../../data/schemas';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { AddReactionForm } from './AddReactionForm';
import { ReactionList, type FocusRequest } from './ReactionList';
import { ReactionPreview } from './ReactionPreview';
import { REACTION_SETTINGS_PATH } from './paths';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  intro: { color: tokens.colorNeutralForeground2 },
  status: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, color: tokens.colorNeutralForeground3 },
  unsaved: { color: tokens.colorPaletteMarigoldForeground2 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, justifyContent: 'flex-end' },
  // Read by screen readers only: moves and removals happen without a visible message.
  liveRegion: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

type SaveOutcome = { kind: 'saved' } | { kind: 'failed'; error: unknown };

/** Edits the tenant's reactions locally; nothing reaches the server until Save. */
export function ReactionSetEditor({ stored, labelledBy }: { stored: ReactionOption[]; labelledBy: string }) {
  const styles = useStyles();
  const api = useApi();
  const locale = useLocale();
  const translate = useT();
  const [saved, setSaved] = useState<ReactionOption[]>(stored);
  const [draft, setDraft] = useState<DraftReaction[]>(() => toDraft(stored));
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome>();
  const [announcement, setAnnouncement] = useState('');
  const [focusRequest, setFocusRequest] = useState<FocusRequest>();
  const pendingSave = useRef<AbortController>();
  useEffect(() => () => pendingSave.current?.abort(), []);

  const current = useMemo(() => toReactionSet(draft), [draft]);
  const dirty = !sameReactions(current, saved);
  const isDefault = sameReactions(current, DEFAULT_REACTIONS);
  // Buttons are named after their reaction; one still without a label goes by its position.
  const nameOf = (option: ReactionOption, index: number) =>
    option.label.trim() || translate('tab.admin.reactions.unnamed', { position: index + 1 });

  function change(next: DraftReaction[], message?: string, focus?: FocusRequest) {
    setDraft(next);
    // A success message describes the saved set; it no longer holds once the set is edited.
    setOutcome((previous) => (previous?.kind === 'saved' ? undefined : previous));
    if (message) setAnnouncement(message);
    setFocusRequest(focus);
  }

  function move(key: string, by: -1 | 1) {
    const next = moveReaction(draft, key, by);
    const position = next.findIndex((row) => row.key === key);
    const message = translate('tab.admin.reactions.moved', {
      label: nameOf(next[position], position),
      position: position + 1,
      count: next.length,
    });
    change(next, message, { key, control: by < 0 ? 'up' : 'down' });
  }

  function remove(key: string) {
    const index = draft.findIndex((row) => row.key === key);
    const next = removeReaction(draft, key);
    const focusRow = next[Math.min(index, next.length - 1)];
    const message = translate('tab.admin.reactions.removed', { label: nameOf(draft[index], index), count: next.length });
    change(next, message, focusRow && { key: focusRow.key, control: 'remove' });
  }

  function add(option: ReactionOption) {
    const next = addReaction(draft, option);
    change(next, translate('tab.admin.reactions.added', { label: option.label, position: next.length }));
  }

  async function save() {
    const controller = new AbortController();
    pendingSave.current = controller;
    setSaving(true);
    setOutcome(undefined);
    try {
      const result = await api.put(REACTION_SETTINGS_PATH, { reactions: current }, reactionSetSchema, controller.signal);
      if (controller.signal.aborted) return;
      setSaved(result.reactions);
      // The server trims what it stores; keep each row's key so focus and React state stay put.
      setDraft((rows) =>
        rows.length === result.reactions.length
          ? rows.map((row, i) => ({ ...row, ...result.reactions[i] }))
          : toDraft(result.reactions),
      );
      setOutcome({ kind: 'saved' });
    } catch (error) {
      if (!controller.signal.aborted) setOutcome({ kind: 'failed', error });
    } finally {
      if (!controller.signal.aborted) setSaving(false);
    }
  }

  return (
    <div className={styles.root}>
      <Body1 className={styles.intro}>{translate('tab.admin.reactions.intro')}</Body1>
      <ReactionList
        rows={draft}
        labelledBy={labelledBy}
        disabled={saving}
        focusRequest={focusRequest}
        nameOf={nameOf}
        onChange={(key, edit) => change(updateReaction(draft, key, edit))}
        onMove={move}
        onRemove={remove}
      />
      <div className={styles.status}>
        <Caption1 data-testid="reaction-count">
          {translate('tab.admin.reactions.count', { count: draft.length, max: REACTION_SET_MAX })}
        </Caption1>
        {dirty && !saving && (
          <Caption1 className={styles.unsaved} data-testid="reaction-unsaved">
            {translate('tab.admin.reactions.unsaved')}
          </Caption1>
        )}
      </div>
      <AddReactionForm rows={draft} disabled={saving} onAdd={add} />
      <ReactionPreview reactions={current} nameOf={nameOf} />
      {outcome?.kind === 'saved' && (
        <MessageBar intent="success" data-testid="reaction-saved">
          <MessageBarBody>{translate('tab.admin.reactions.saved')}</MessageBarBody>
        </MessageBar>
      )}
      {outcome?.kind === 'failed' && (
        <MessageBar intent="error" layout="multiline" data-testid="reaction-save-error">
          <MessageBarBody>
            {translate('tab.admin.reactions.saveFailed', { message: describeError(locale, outcome.error) })}
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button
          disabledFocusable={saving || isDefault}
          onClick={() => change(defaultDraft(), translate('tab.admin.reactions.resetDone'))}
          data-testid="reaction-reset"
        >
          {translate('tab.admin.reactions.reset')}
        </Button>
        <Button
          disabledFocusable={saving || !dirty}
          onClick={() => change(toDraft(saved))}
          data-testid="reaction-discard"
        >
          {translate('tab.admin.reactions.discard')}
        </Button>
        <Button appearance="primary" disabledFocusable={saving || !dirty} onClick={save} data-testid="reaction-save">
          {translate(saving ? 'tab.admin.reactions.saving' : 'tab.admin.reactions.save')}
        </Button>
      </div>
      <div className={styles.liveRegion} aria-live="polite" data-testid="reaction-announcement">
        {announcement}
      </div>
    </div>
  );
}
