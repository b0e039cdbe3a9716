import { useId } from 'react';
import { Body1, Label, Select, makeStyles, tokens } from '@fluentui/react-components';
import type { DevUser } from '../data/schemas';
import { useT } from '../i18n/LocaleContext';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorPaletteYellowBackground1,
    color: tokens.colorNeutralForeground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteYellowBorder1}`,
  },
  banner: { flex: '1 1 260px' },
  switcher: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flex: '0 1 auto', minWidth: 0 },
  select: { minWidth: '180px', maxWidth: '100%' },
});

/** Local mode only: says a demo identity is in use and lets the viewer switch between the demo users. */
export function DevIdentityBar({
  users,
  selectedUserId,
  onSelect,
}: {
  users: DevUser[];
  selectedUserId: string;
  onSelect: (userId: string) => void;
}) {
  const styles = useStyles();
  const translate = useT();
  const selectId = useId();
  return (
    <div className={styles.root} role="region" aria-label={translate('tab.devIdentity.label')} data-testid="dev-identity">
      <Body1 className={styles.banner} data-testid="dev-identity-banner">
        {translate('tab.devIdentity.banner')}
      </Body1>
      <div className={styles.switcher}>
        <Label htmlFor={selectId} weight="semibold">
          {translate('tab.devIdentity.label')}
        </Label>
        <Select
          id={selectId}
          className={styles.select}
          value={selectedUserId}
          onChange={(_, data) => onSelect(data.value)}
          data-testid="user-switcher"
        >
          {users.map((user) => (
            <option key={user.userId} value={user.userId}>
              {user.displayName}
            </option>
          ))}
        </Select>
      </div>
    </div>
  );
}
