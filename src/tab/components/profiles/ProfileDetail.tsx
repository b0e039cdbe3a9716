import { useState } from 'react';
import { FollowButton } from '../FollowButton';
import { Avatar, Badge, Body1, Caption1, Caption1Strong, Link, Subtitle1, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ProfileView } from '../../data/profileSchemas';
import { useT } from '../../i18n/LocaleContext';
import { EmptyState } from '../EmptyState';
import { PostCard } from '../PostCard';
import { useReactionSet } from '../reactions/useReactionSet';
import { Section } from '../Section';
import { ChatButton } from './ChatButton';
import { PersonRow } from './PersonRow';
import { ProfileEditor } from './ProfileEditor';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'center', flexWrap: 'wrap' },
  heading: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, flexGrow: 1, minWidth: 0 },
  meta: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  subheading: { display: 'block', margin: 0, color: tokens.colorNeutralForeground2 },
  tags: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  counts: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  community: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', padding: `${tokens.spacingVerticalXS} 0` },
});

const privacyKey = { open: 'tab.communities.privacy.open', closed: 'tab.communities.privacy.closed', secret: 'tab.communities.privacy.secret' } as const;

/** One person's profile: header with Chat (and the follow button's place), people around them, communities, kudos, skills, recent posts. */
export function ProfileDetail({ initial }: { initial: ProfileView }) {
  const styles = useStyles();
  const translate = useT();
  const [profile, setProfile] = useState(initial);
  // The same inline reactions, comments and acknowledgement as the feed.
  const reactions = useReactionSet();
  const { person } = profile;
  const meta = [person.jobTitle, person.department].filter(Boolean).join(' · ');
  const tags = (items: string[], testId: string) =>
    items.length ? (
      <div className={styles.tags} data-testid={testId}>{items.map((item) => <Badge key={item} appearance="tint" color="informative" size="large">{item}</Badge>)}</div>
    ) : (
      <Body1 className={styles.meta}>{translate('tab.people.none')}</Body1>
    );
  return (
    <article className={styles.root} data-testid="profile" aria-label={person.displayName}>
      <div className={styles.header}>
        <Avatar name={person.displayName} initials={person.initials} color="colorful" idForColor={person.userId} size={72} aria-hidden="true" />
        <div className={styles.heading}>
          <Subtitle1 as="h2" data-testid="profile-name">{person.displayName}</Subtitle1>
          {meta && <Text className={styles.meta}>{meta}</Text>}
          {person.officeLocation && <Caption1 className={styles.meta}>{person.officeLocation}</Caption1>}
        </div>
        <div className={styles.actions}>
          {!profile.isMe && person.email && <ChatButton email={person.email} name={person.displayName} />}
          {!profile.isMe && <FollowButton target={{ kind: 'person', id: person.userId }} name={person.displayName} />}
        </div>
      </div>

      <Section title={translate('tab.people.organisation')} testId="profile-organisation">
        {() => (
          <>
            {!profile.manager && profile.directReports.length === 0 && <Body1 className={styles.meta}>{translate('tab.people.none')}</Body1>}
            {profile.manager && (
              <div>
                <Caption1Strong as="h3" className={styles.subheading}>{translate('tab.people.manager')}</Caption1Strong>
                <ul className={styles.list}><PersonRow person={profile.manager} /></ul>
              </div>
            )}
            {profile.directReports.length > 0 && (
              <div>
                <Caption1Strong as="h3" className={styles.subheading}>{translate('tab.people.reports', { count: profile.directReportCount })}</Caption1Strong>
                <ul className={styles.list}>
                  {profile.directReports.map((report) => <PersonRow key={report.userId} person={report} />)}
                  {profile.directReportCount > profile.directReports.length && (
                    <li><Caption1 className={styles.meta}>{translate('tab.people.moreReports', { count: profile.directReportCount - profile.directReports.length })}</Caption1></li>
                  )}
                </ul>
              </div>
            )}
          </>
        )}
      </Section>

      <Section title={translate('tab.people.skills')} testId="profile-skills">
        {() => tags(profile.skills, 'profile-skill-list')}
      </Section>
      <Section title={translate('tab.people.interests')} testId="profile-interests">
        {() => tags(profile.interests, 'profile-interest-list')}
      </Section>
      {profile.isMe && (
        <Section title={translate('tab.people.edit.title')} testId="profile-edit">
          {() => <ProfileEditor skills={profile.skills} interests={profile.interests} onSaved={(saved) => setProfile({ ...profile, ...saved })} />}
        </Section>
      )}

      <Section title={translate('tab.people.kudos')} testId="profile-kudos">
        {() => (
          <>
            <div className={styles.counts}>
              <Text data-testid="profile-kudos-received">{translate('tab.people.kudos.received', { count: profile.kudos.received })}</Text>
              <Text data-testid="profile-kudos-given">{translate('tab.people.kudos.given', { count: profile.kudos.given })}</Text>
            </div>
            {profile.kudos.badges.length > 0 && (
              <div className={styles.tags}>
                {profile.kudos.badges.map((badge) => (
                  <Badge key={badge.id} appearance="outline" color="brand" size="large">
                    <span aria-hidden="true">{badge.emoji}</span> {badge.name} × {badge.count}
                  </Badge>
                ))}
              </div>
            )}
          </>
        )}
      </Section>

      <Section title={translate('tab.people.communities')} testId="profile-communities">
        {(headingId) =>
          profile.communities.length ? (
            <ul className={styles.list} aria-labelledby={headingId}>
              {profile.communities.map((community) => (
                <li key={community.id} className={styles.community}>
                  <span aria-hidden="true">{community.emoji}</span>
                  <Text>{community.name}</Text>
                  <Caption1 className={styles.meta}>{translate(privacyKey[community.privacy])}</Caption1>
                </li>
              ))}
            </ul>
          ) : (
            <Body1 className={styles.meta}>{translate('tab.people.none')}</Body1>
          )
        }
      </Section>

      <Section title={translate('tab.people.posts')} testId="profile-posts">
        {() => (profile.recentPosts.length ? profile.recentPosts.map((post) => <PostCard key={post.id} post={post} reactions={reactions} />) : <EmptyState text={translate('tab.people.noPosts')} />)}
      </Section>
      <div><Link href="#/people">{translate('tab.people.back')}</Link></div>
    </article>
  );
}
