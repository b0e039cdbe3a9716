import { ComingSoon } from '../components/ComingSoon';
import { Page } from '../components/Page';
import { useT } from '../i18n/LocaleContext';

export function StudioPage() {
  const translate = useT();
  return (
    <Page title={translate('tab.studio.title')} testId="page-studio">
      <ComingSoon text={translate('tab.studio.comingSoon')} />
    </Page>
  );
}
