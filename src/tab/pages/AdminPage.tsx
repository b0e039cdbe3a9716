import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { AdminDirectory } from '../components/AdminDirectory';
import { Page } from '../components/Page';
import { ResourceView } from '../components/ResourceView';
import { hasRole, useCurrentUser } from '../data/CurrentUserContext';
import { useT } from '../i18n/LocaleContext';

export function AdminPage() {
  const translate = useT();
  const me = useCurrentUser();
  return (
    <Page title={translate('tab.admin.title')} testId="page-admin">
      <ResourceView resource={me}>
        {(user) =>
          hasRole(user, 'admin') ? (
            <AdminDirectory />
          ) : (
            <MessageBar intent="warning" data-testid="admin-forbidden">
              <MessageBarBody>{translate('tab.admin.forbidden')}</MessageBarBody>
            </MessageBar>
          )
        }
      </ResourceView>
    </Page>
  );
}
