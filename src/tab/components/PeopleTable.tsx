import {
  Avatar,
  Button,
  Caption1,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
} from '@fluentui/react-components';
import type { Person } from '../data/schemas';
import { useT } from '../i18n/LocaleContext';
import { RoleBadges } from './RoleBadges';

const useStyles = makeStyles({
  // Columns size to their content; the scroll region takes over below this width.
  table: { minWidth: '720px', tableLayout: 'auto' },
});

const NOT_SET = '—';

/** `onEditRoles`: admins get an "Edit roles" button on every row. */
export function PeopleTable({ people, labelledBy, onEditRoles }: { people: Person[]; labelledBy: string; onEditRoles?: (person: Person) => void }) {
  const styles = useStyles();
  const translate = useT();
  return (
    <Table className={styles.table} aria-labelledby={labelledBy} data-testid="people-table" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{translate('tab.admin.column.name')}</TableHeaderCell>
          <TableHeaderCell>{translate('tab.profile.department')}</TableHeaderCell>
          <TableHeaderCell>{translate('tab.admin.column.jobTitle')}</TableHeaderCell>
          <TableHeaderCell>{translate('tab.profile.manager')}</TableHeaderCell>
          <TableHeaderCell>{translate('tab.admin.roles')}</TableHeaderCell>
          {onEditRoles && <TableHeaderCell>{translate('tab.admin.column.actions')}</TableHeaderCell>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {people.map((person) => (
          <TableRow key={person.userId} data-testid="person-row">
            <TableCell>
              <TableCellLayout
                media={<Avatar name={person.displayName} color="colorful" idForColor={person.userId} size={28} />}
                description={person.email ? <Caption1>{person.email}</Caption1> : undefined}
              >
                {person.displayName}
              </TableCellLayout>
            </TableCell>
            <TableCell>{person.department ?? NOT_SET}</TableCell>
            <TableCell>{person.jobTitle ?? NOT_SET}</TableCell>
            <TableCell>{person.managerName ?? NOT_SET}</TableCell>
            <TableCell>
              {person.roles.length > 0 ? <RoleBadges roles={person.roles} /> : translate('tab.admin.noRoles')}
            </TableCell>
            {onEditRoles && (
              <TableCell>
                <Button size="small" onClick={() => onEditRoles(person)} aria-label={translate('tab.admin.editRolesOf', { name: person.displayName })} data-testid="edit-roles">
                  {translate('tab.admin.editRoles')}
                </Button>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
