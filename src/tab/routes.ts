import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n';
import { AdminPage } from './pages/AdminPage';
import { AnalyticsPage } from './pages/AnalyticsPage';
import { CommunitiesPage } from './pages/CommunitiesPage';
import { FeedPage } from './pages/FeedPage';
import { GuidelinesPage } from './pages/GuidelinesPage';
import { KudosPage } from './pages/KudosPage';
import { ModerationPage } from './pages/ModerationPage';
import { PeoplePage } from './pages/PeoplePage';
import { PrivacyPage } from './pages/PrivacyPage';
import { SentPage } from './pages/SentPage';
import { SettingsPage } from './pages/SettingsPage';
import { StudioPage } from './pages/StudioPage';

/** The tab's hash routes (#/feed …), in navigation order; the first is the default. */
export const ROUTES = [
  { name: 'feed', labelKey: 'tab.nav.feed', Page: FeedPage },
  { name: 'kudos', labelKey: 'tab.nav.kudos', Page: KudosPage },
  { name: 'communities', labelKey: 'tab.nav.communities', Page: CommunitiesPage },
  { name: 'people', labelKey: 'tab.nav.people', Page: PeoplePage },
  { name: 'studio', labelKey: 'tab.nav.studio', Page: StudioPage },
  { name: 'sent', labelKey: 'tab.nav.sent', Page: SentPage },
  { name: 'moderation', labelKey: 'tab.nav.moderation', Page: ModerationPage },
  { name: 'admin', labelKey: 'tab.nav.admin', Page: AdminPage },
  // Listed only for those with a scope to view (authors, admins, community owners): see NavBar.
  { name: 'analytics', labelKey: 'tab.nav.analytics', Page: AnalyticsPage },
  { name: 'privacy', labelKey: 'tab.nav.privacy', Page: PrivacyPage },
  { name: 'guidelines', labelKey: 'tab.nav.guidelines', Page: GuidelinesPage },
  { name: 'settings', labelKey: 'tab.nav.settings', Page: SettingsPage },
] as const satisfies ReadonlyArray<{ name: string; labelKey: MessageKey; Page: ComponentType }>;

export type RouteName = (typeof ROUTES)[number]['name'];

export const DEFAULT_ROUTE: RouteName = 'feed';

export function routeFromHash(hash: string): RouteName | undefined {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return ROUTES.find((route) => route.name === name)?.name;
}

export function pageFor(name: RouteName): ComponentType {
  return ROUTES.find((route) => route.name === name)?.Page ?? FeedPage;
}
