import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { hasMessage, useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  list: { display: 'inline-flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, margin: 0, padding: 0, listStyle: 'none' },
});

/** A user's roles as small badges, in the catalog's words where it has them. */
export function RoleBadges({ roles }: { roles: string[] }) {
  const styles = useStyles();
  const translate = useT();
  if (roles.length === 0) return null;
  return (
    <ul className={styles.list}>
      {roles.map((role) => {
        const key = `tab.role.${role}`;
        return (
          <li key={role}>
            <Badge appearance={role === 'admin' ? 'filled' : 'tint'} color={role === 'admin' ? 'brand' : 'informative'} size="small">
              {hasMessage(key) ? translate(key) : role}
            </Badge>
          </li>
        );
      })}
    </ul>
  );
}
