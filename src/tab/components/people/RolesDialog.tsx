import { useEffect, useState } from 'react';
import {
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ApiError } from '../../api';
import { useApi } from '../../data/ApiContext';
import { describeError } from '../../data/errorMessage';
import { ROLE_NAMES, roleChangeResponseSchema, roleHistorySchema, type Person, type RoleChange } from '../../data/schemas';
import { useLocale, useT } from '../../i18n/LocaleContext';
import { RelativeTime } from '../RelativeTime';
import type { MessageKey } from '../../../i18n';

const roleKey = (role: string) => `tab.role.${role}` as MessageKey;

const useStyles = makeStyles({
  // Dialogs render in a portal: state the text colour, so labels keep their contrast in dark themes.
  surface: { color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorNeutralBackground1 },
  roles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, border: 'none', margin: 0, padding: 0 },
  legend: { color: tokens.colorNeutralForeground1, marginBottom: tokens.spacingVerticalS },
  history: { marginTop: tokens.spacingVerticalL, color: tokens.colorNeutralForeground2, paddingLeft: tokens.spacingHorizontalL },
});

/** Edits one person's roles; the server records who changed them and when. */
export function RolesDialog({ person, onClose, onSaved }: { person: Person; onClose: () => void; onSaved: (person: Person) => void }) {
  const styles = useStyles();
  const translate = useT();
  const locale = useLocale();
  const api = useApi();
  const [roles, setRoles] = useState<string[]>(person.roles);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const [history, setHistory] = useState<RoleChange[]>();

  useEffect(() => {
    const controller = new AbortController();
    api.get(`/api/v1/people/${encodeURIComponent(person.userId)}/roles/history`, roleHistorySchema, controller.signal).then(
      (data) => !controller.signal.aborted && setHistory(data.changes),
      () => !controller.signal.aborted && setHistory([]),
    );
    return () => controller.abort();
  }, [api, person.userId]);

  const toggle = (role: string, on: boolean) => setRoles((current) => (on ? [...current, role] : current.filter((r) => r !== role)));
  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const result = await api.put(`/api/v1/people/${encodeURIComponent(person.userId)}/roles`, { roles: ROLE_NAMES.filter((r) => roles.includes(r)) }, roleChangeResponseSchema);
      onSaved(result.person);
    } catch (cause) {
      setError(cause instanceof ApiError && cause.serverMessage ? cause.serverMessage : describeError(locale, cause));
      setSaving(false);
    }
  };

  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} data-testid="roles-dialog">
        <DialogBody>
          <DialogTitle>{translate('tab.admin.rolesDialog.title', { name: person.displayName })}</DialogTitle>
          <DialogContent>
            <fieldset className={styles.roles}>
              <legend className={styles.legend}>{translate('tab.admin.rolesDialog.legend')}</legend>
              {ROLE_NAMES.map((role) => (
                <Checkbox key={role} label={translate(roleKey(role))} checked={roles.includes(role)} onChange={(_, data) => toggle(role, data.checked === true)} data-testid={`role-${role}`} />
              ))}
            </fieldset>
            {error && (
              <MessageBar intent="error" data-testid="roles-error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
            {history && history.length > 0 && (
              <ul className={styles.history} aria-label={translate('tab.admin.rolesDialog.history')} data-testid="roles-history">
                {history.slice(0, 5).map((change) => (
                  <li key={`${change.changedAt}-${change.changedBy}`}>
                    <Caption1>
                      {translate('tab.admin.rolesDialog.change', { roles: change.roles.map((r) => translate(roleKey(r))).join(', ') || translate('tab.admin.noRoles') })} <RelativeTime iso={change.changedAt} />
                    </Caption1>
                  </li>
                ))}
              </ul>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose} disabled={saving}>
              {translate('tab.admin.rolesDialog.cancel')}
            </Button>
            <Button appearance="primary" onClick={save} disabledFocusable={saving} data-testid="roles-save">
              {saving ? translate('tab.admin.rolesDialog.saving') : translate('tab.admin.rolesDialog.save')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
