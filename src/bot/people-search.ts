import { z } from 'zod';
import { PEOPLE_PAGE_MAX, SEARCH_QUERY_MAX } from '../domain/people-search';
import { DATA_QUERY_DATASETS } from '../cards/verbs';
import type { FeatureContext } from './features';
import type { BotRoutes } from './routes';

/**
 * People pickers in cards: an `Input.ChoiceSet` with
 * `choices.data: { type: "Data.Query", dataset: PEOPLE_DATASET }` makes Teams send an
 * `application/search` invoke as the person types. It is answered from the people
 * search index (SEARCH_INDEX_SHARDS point reads, never a directory scan), within the
 * caller's tenant, with what a picker shows: the name as title, the Entra object id
 * as value. Clients without Data.Query show the card's static choices instead.
 */
export const PEOPLE_DATASET = DATA_QUERY_DATASETS.people;
/** How far `skip` may page: pickers show the first few; more means "type more letters". */
export const PEOPLE_SEARCH_SKIP_MAX = 75;

export const PeopleSearchQuery = z.object({
  queryText: z.string().max(SEARCH_QUERY_MAX).default(''),
  dataset: z.literal(PEOPLE_DATASET),
  queryOptions: z.object({ top: z.number().int().min(1).max(PEOPLE_PAGE_MAX), skip: z.number().int().min(0).max(PEOPLE_SEARCH_SKIP_MAX) }).partial().optional(),
});

export function registerPeopleSearch(routes: BotRoutes, features: FeatureContext): void {
  routes.search(PEOPLE_DATASET, PeopleSearchQuery, async (identity, { queryText, queryOptions }) => {
    const top = queryOptions?.top ?? PEOPLE_PAGE_MAX;
    const skip = queryOptions?.skip ?? 0;
    // Fewer than two letters picks no bucket: an empty list, as type-ahead expects.
    const page = await features.repositories.people.search(identity.tenantId, queryText, skip + top);
    return page.people.slice(skip, skip + top).map((person) => ({ title: person.displayName, value: person.userId }));
  });
}
