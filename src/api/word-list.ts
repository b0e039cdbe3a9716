import type { Server } from 'restify';
import { z } from 'zod';
import { requireRole } from '../domain/identity';
import { validateWordList, WORD_LIST_ACTIONS, WORD_LIST_ENTRIES_MAX, WORD_LIST_KINDS, WORD_LIST_PATTERN_MAX } from '../domain/word-list';
import { ApiDependencies, audit, callerOf } from './context';
import { handler, jsonBody, parse } from './http';

export const WordListSchema = z
  .object({
    entries: z
      .array(
        z
          .object({
            kind: z.enum(WORD_LIST_KINDS).describe('word (whole word), phrase (words in order), or regex (JavaScript syntax, case-insensitive; nested repeats and back-references refused)'),
            pattern: z.string().max(WORD_LIST_PATTERN_MAX * 2),
            action: z.enum(WORD_LIST_ACTIONS).describe('block: refused with a message naming the rule; hold: stored for review, not published'),
          })
          .strict(),
      )
      .max(WORD_LIST_ENTRIES_MAX * 2),
  })
  .strict();

/** The tenant's word list (issue 17, item 3): moderators read it, admins replace it whole. */
export function registerWordListRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  server.get('/api/v1/settings/word-list', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'moderator');
    return repositories.moderationSettings.wordList(identity.tenantId);
  }));

  // A bad line refuses the whole list (400 naming the line and why): nothing is stored.
  server.put('/api/v1/settings/word-list', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const entries = validateWordList(parse(WordListSchema, req.body).entries);
    const saved = await repositories.moderationSettings.setWordList(identity.tenantId, entries, identity.userId, new Date().toISOString());
    await audit(deps, req, identity, 'wordList.change', { kind: 'settings', id: 'word-list' }, { entries: entries.length, blocks: entries.filter((e) => e.action === 'block').length, holds: entries.filter((e) => e.action === 'hold').length });
    logger.info({ tenantId: identity.tenantId, by: identity.userId, entries: entries.length }, 'word list changed');
    return saved;
  }));
}
