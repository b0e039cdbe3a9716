import { Avatar, Caption1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useCurrentUser } from '../data/CurrentUserContext';
import { RoleBadges } from './RoleBadges';

const useStyles = makeStyles({
  root: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`, minWidth: 0 },
  identity: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, gap: tokens.spacingVerticalXXS },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  job: {
    color: tokens.colorNeutralForeground3,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    '@media (max-width: 480px)': { display: 'none' },
  },
});

/** The signed-in person in the header; silent while loading or on failure (pages show their own errors). */
export function CurrentUserSummary() {
  const styles = useStyles();
  const me = useCurrentUser();
  if (me.status !== 'ready') return null;
  const { displayName, jobTitle, roles, userId } = me.data;
  return (
    <div className={styles.root} data-testid="current-user">
      <div className={styles.identity}>
        <Avatar name={displayName} color="colorful" idForColor={userId} size={32} />
        <div className={styles.text}>
          <Text weight="semibold" size={300} className={styles.name} data-testid="current-user-name">
            {displayName}
          </Text>
          {jobTitle && <Caption1 className={styles.job}>{jobTitle}</Caption1>}
        </div>
      </div>
      <RoleBadges roles={roles} />
    </div>
  );
}
