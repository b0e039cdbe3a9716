import { ComingSoon } from '../components/ComingSoon';
import { Page } from '../components/Page';
import { useT } from '../i18n/LocaleContext';

export function KudosPage() {
  const translate = useT();
  return (
    <Page title={translate('tab.kudos.title')} testId="page-kudos">
      <ComingSoon text={translate('tab.kudos.comingSoon')} />
    </Page>
  );
}
