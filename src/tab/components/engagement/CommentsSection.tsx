import { useEffect, useId, useState } from 'react';
import { Button, Caption1, Field, Link, MessageBar, MessageBarBody, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { ApiError } from '../../api';
import { useApi } from '../../data/ApiContext';
import { commentPostedSchema, commentsPageSchema, type Comment } from '../../data/engagementSchemas';
import { describeError } from '../../data/errorMessage';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { RelativeTime } from '../RelativeTime';

/** As the domain's COMMENT_MAX_LENGTH: the box stops there, the server says why beyond. */
const COMMENT_MAX_LENGTH = 2000;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  comment: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingLeft: tokens.spacingHorizontalS, borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}` },
  meta: { display: 'flex', gap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground3 },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/**
 * A post's comments under a "Comments (n)" disclosure: the newest stored page when
 * opened (earlier pages on request), and a labelled box to add one. The guidelines and
 * the word list apply as on the card: a refusal is shown here, with the way forward.
 */
export function CommentsSection({ postId, count, onCount }: { postId: string; count: number; onCount: (count: number) => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const regionId = useId();
  const [open, setOpen] = useState(false);
  const [comments, setComments] = useState<Comment[]>();
  const [earlierPage, setEarlierPage] = useState<number>();
  const [loadError, setLoadError] = useState<string>();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [guidelinesNeeded, setGuidelinesNeeded] = useState(false);
  const [held, setHeld] = useState<string>();
  const path = `/api/v1/posts/${encodeURIComponent(postId)}/comments`;

  useEffect(() => {
    if (!open || comments) return;
    const controller = new AbortController();
    api.get(path, commentsPageSchema, controller.signal).then(
      (page) => {
        setComments(page.comments);
        setEarlierPage(page.earlierPage);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setLoadError(describeError(locale, failure));
      },
    );
    return () => controller.abort();
  }, [open, comments, api, path, locale]);

  async function loadEarlier() {
    if (earlierPage === undefined) return;
    try {
      const page = await api.get(`${path}?page=${earlierPage}`, commentsPageSchema);
      setComments((shown) => [...page.comments, ...(shown ?? [])]);
      setEarlierPage(page.earlierPage);
    } catch (failure) {
      setLoadError(describeError(locale, failure));
    }
  }

  async function send() {
    setSending(true);
    setError(undefined);
    setHeld(undefined);
    setGuidelinesNeeded(false);
    try {
      const answer = await api.post(path, { text }, commentPostedSchema);
      if ('held' in answer) setHeld(answer.message);
      else {
        setComments((shown) => [...(shown ?? []), answer.comment]);
        onCount(answer.commentCount);
      }
      setText('');
    } catch (failure) {
      setError(describeError(locale, failure));
      setGuidelinesNeeded(failure instanceof ApiError && failure.code === 'guidelines_required');
    } finally {
      setSending(false);
    }
  }

  return (
    <div className={styles.root}>
      <div>
        <Button appearance="subtle" size="small" aria-expanded={open} aria-controls={regionId} onClick={() => setOpen((was) => !was)} data-testid="comments-toggle">
          {translate('tab.engagement.comments', { count: count.toLocaleString(locale) })}
        </Button>
      </div>
      {open && (
        <section id={regionId} className={styles.root} aria-label={translate('tab.engagement.commentsRegion')} data-testid="comments">
          {loadError && <Text role="alert">{loadError}</Text>}
          {earlierPage !== undefined && (
            <div>
              <Button appearance="transparent" size="small" onClick={() => void loadEarlier()} data-testid="comments-earlier">
                {translate('tab.engagement.earlier')}
              </Button>
            </div>
          )}
          {comments && comments.length === 0 && <Caption1>{translate('tab.engagement.noComments')}</Caption1>}
          {comments && comments.length > 0 && (
            <ul className={styles.list} data-testid="comment-list">
              {comments.map((comment) => (
                <li key={comment.id} className={styles.comment}>
                  <Caption1 className={styles.meta}>
                    <Text size={200} weight="semibold">{comment.author.displayName}</Text>
                    <span aria-hidden="true">·</span>
                    <RelativeTime iso={comment.createdAt} />
                  </Caption1>
                  <Text className={styles.text}>{comment.text}</Text>
                </li>
              ))}
            </ul>
          )}
          <div className={styles.form}>
            <Field label={translate('tab.engagement.commentLabel')} validationMessage={error} validationState={error ? 'error' : 'none'}>
              <Textarea value={text} onChange={(_, data) => setText(data.value)} maxLength={COMMENT_MAX_LENGTH} resize="vertical" data-testid="comment-text" />
            </Field>
            {guidelinesNeeded && (
              <Link href="#/guidelines" data-testid="comment-guidelines">
                {translate('tab.guidelines.link')}
              </Link>
            )}
            {held && (
              <MessageBar intent="warning" data-testid="comment-held">
                <MessageBarBody>{held}</MessageBarBody>
              </MessageBar>
            )}
            <div>
              <Button appearance="primary" size="small" disabled={sending || !text.trim()} onClick={() => void send()} data-testid="comment-submit">
                {translate('tab.engagement.commentSubmit')}
              </Button>
            </div>
          </div>
        </section>
      )}
    </div>
  );
}
