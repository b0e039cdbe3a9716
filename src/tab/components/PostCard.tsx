import { useState } from 'react';
import { Avatar, Badge, Body1, Button, Caption1, Card, CardFooter, CardHeader, Subtitle2, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ReportDialog } from './moderation/ReportDialog';
import type { Post, ReactionOption } from '../data/schemas';
import type { ReactionResult } from '../data/engagementSchemas';
import { AcknowledgeButton } from './engagement/AcknowledgeButton';
import { CommentsSection } from './engagement/CommentsSection';
import { ReactionBar } from './engagement/ReactionBar';
import { PollResults } from './communities/PollResults';
import { useLocale, useT } from '../i18n/LocaleContext';
import { countMessage } from '../i18n/plural';
import { MarkdownText } from './MarkdownText';
import { RelativeTime } from './RelativeTime';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  // An important announcement stands out by more than colour: a thicker edge and its badge.
  important: { borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteRedBorder2}` },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS },
  meta: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground3 },
  title: { margin: 0 },
  body: { display: 'block', margin: 0, overflowWrap: 'anywhere', color: tokens.colorNeutralForeground1 },
  counts: { display: 'flex', gap: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground3 },
  footer: { display: 'flex', justifyContent: 'space-between', alignItems: 'center' },
});

/** A post in the feed; with the tenant's `reactions`, people react, comment and acknowledge right here, as on the card in Teams. */
export function PostCard({ post, reactions }: { post: Post; reactions?: readonly ReactionOption[] }) {
  const styles = useStyles();
  const locale = useLocale();
  const translate = useT();
  const { author } = post;
  const [reporting, setReporting] = useState(false);
  const [hidden, setHidden] = useState(false);
  const [reacted, setReacted] = useState<Pick<ReactionResult, 'reactionCounts' | 'reactionCount' | 'myReaction'>>({ reactionCounts: post.reactionCounts, reactionCount: post.reactionCount, myReaction: post.myReaction });
  const [commentCount, setCommentCount] = useState(post.commentCount);
  // Reports that reached the tenant's threshold hide it: it leaves this reader's feed at once.
  if (hidden) return null;
  return (
    <Card className={mergeClasses(styles.card, post.important && styles.important)} data-testid="post-card" role="article" aria-label={post.title ?? author.displayName}>
      <CardHeader
        image={<Avatar name={author.displayName} color="colorful" idForColor={author.userId} size={40} />}
        header={<Text weight="semibold">{author.displayName}</Text>}
        description={
          <Caption1 className={styles.meta}>
            {author.department && (
              <>
                <span>{author.department}</span>
                <span aria-hidden="true">·</span>
              </>
            )}
            <RelativeTime iso={post.createdAt} />
          </Caption1>
        }
        action={
          post.kind === 'announcement' || post.pinned ? (
            <span className={styles.badges}>
              {post.pinned && (
                <Badge appearance="filled" color="informative" data-testid="post-pinned">
                  {translate('tab.feed.pinned')}
                </Badge>
              )}
              {post.important && (
                <Badge appearance="filled" color="danger" data-testid="post-important">
                  {translate('tab.feed.important')}
                </Badge>
              )}
              {post.kind === 'announcement' && (
                <Badge appearance="tint" color="brand" data-testid="post-kind">
                  {translate('tab.feed.kind.announcement')}
                </Badge>
              )}
            </span>
          ) : undefined
        }
      />
      {post.title && (
        <Subtitle2 as="h2" className={styles.title}>
          {post.title}
        </Subtitle2>
      )}
      <Body1 as="p" className={styles.body}>
        <MarkdownText source={post.body} />
      </Body1>
      {/* A poll votes here as on its community page and its Teams card (one route, one rule). */}
      {post.kind === 'poll' && <PollResults postId={post.id} />}
      {post.acknowledgement && <AcknowledgeButton announcementId={post.id} acknowledged={post.acknowledgement.acknowledged} title={post.title ?? author.displayName} />}
      {reactions && reactions.length > 0 && <ReactionBar postId={post.id} reactions={reactions} counts={reacted.reactionCounts} mine={reacted.myReaction} onChange={setReacted} />}
      <CardFooter className={styles.footer}>
        <Caption1 className={styles.counts}>
          <span data-testid="reaction-count">
            {countMessage(translate, locale, 'tab.feed.reactions', 'tab.feed.reactions.one', reacted.reactionCount)}
          </span>
          <span data-testid="comment-count">
            {countMessage(translate, locale, 'tab.feed.comments', 'tab.feed.comments.one', commentCount)}
          </span>
        </Caption1>
        <Button appearance="subtle" size="small" onClick={() => setReporting(true)} data-testid="post-report" aria-label={`${translate('tab.report.button')}: ${post.title ?? author.displayName}`}>
          {translate('tab.report.button')}
        </Button>
      </CardFooter>
      <CommentsSection postId={post.id} count={commentCount} onCount={setCommentCount} />
      {reporting && (
        <ReportDialog
          postId={post.id}
          onClose={(outcome) => {
            setReporting(false);
            if (outcome?.hidden) setHidden(true);
          }}
        />
      )}
    </Card>
  );
}
