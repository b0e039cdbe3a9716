import { Avatar, Badge, Caption1, Link, makeStyles, tokens } from '@fluentui/react-components';
import { profileHash } from '../../data/profileSchemas';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', padding: `${tokens.spacingVerticalS} 0` },
  text: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  meta: { color: tokens.colorNeutralForeground2 },
  tags: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
});

/** One person in a list: initials avatar, a link to their profile, title and department, and skills when given. */
export function PersonRow({ person, skills }: { person: { userId: string; displayName: string; initials?: string; jobTitle?: string; department?: string }; skills?: string[] }) {
  const styles = useStyles();
  const meta = [person.jobTitle, person.department].filter(Boolean).join(' · ');
  return (
    <li className={styles.row} data-testid="person-row">
      <Avatar name={person.displayName} initials={person.initials} color="colorful" idForColor={person.userId} size={36} aria-hidden="true" />
      <div className={styles.text}>
        <Link href={profileHash(person.userId)} data-testid="person-link">{person.displayName}</Link>
        {meta && <Caption1 className={styles.meta}>{meta}</Caption1>}
        {skills && skills.length > 0 && (
          <div className={styles.tags}>
            {skills.map((skill) => <Badge key={skill} appearance="tint" color="informative">{skill}</Badge>)}
          </div>
        )}
      </div>
    </li>
  );
}
