/** Where the tab reads and replaces the tenant's reaction set. */
export const REACTION_SETTINGS_PATH = '/api/v1/settings/reactions';
