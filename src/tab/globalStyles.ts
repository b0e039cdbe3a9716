import { makeStaticStyles } from '@fluentui/react-components';

/** Page-level resets; everything else is styled per component with Fluent tokens. */
export const useGlobalStyles = makeStaticStyles({
  'html, body': { margin: 0, padding: 0 },
  '*, *::before, *::after': { boxSizing: 'border-box' },
});
