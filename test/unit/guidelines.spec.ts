import { strict as assert } from 'assert';
import { guidelinesAcceptedCard, guidelinesBlocks, guidelinesCard } from '../../src/cards/guidelines';
import { acceptGuidelines, GuidelinesAcceptance, GuidelinesRequiredError, GuidelinesState, GuidelinesStore, requireGuidelinesAccepted } from '../../src/domain/guidelines';
import { DomainError } from '../../src/domain/errors';
import { assertValidCard, requireSchemas } from '../support/schemas';

const ME = { tenantId: 't1', userId: 'u1', roles: [] };
const VERSION = { version: 3, markdown: '# Be kind\n\nAssume **good** intent.\n\n- No [tricks](javascript:void)\n- <b>No HTML</b>', publishedAt: '2026-12-01T09:00:00.000Z', publishedBy: 'admin' };

function memoryStore(state: GuidelinesState, accepted?: GuidelinesAcceptance): GuidelinesStore {
  return {
    state: async () => state,
    acceptance: async () => accepted,
    saveDraft: async () => state,
    publish: async () => state,
    accept: async (_tenantId, acceptance) => ({ acceptance, created: true }),
  };
}

describe('guidelines: rules and cards', () => {
  it('asks nothing without published guidelines, nor for writes the guidelines do not gate', async () => {
    await requireGuidelinesAccepted(memoryStore({}), ME, 'post');
    await requireGuidelinesAccepted(memoryStore({ current: VERSION }), ME, 'community');
  });

  it('refuses each gated write until the current version is accepted, whatever version was accepted before', async () => {
    for (const kind of ['post', 'comment', 'kudos', 'poll']) {
      await assert.rejects(requireGuidelinesAccepted(memoryStore({ current: VERSION }), ME, kind), (error: unknown) => error instanceof GuidelinesRequiredError && error.code === 'guidelines_required' && error.guidelines.version === 3);
      await assert.rejects(requireGuidelinesAccepted(memoryStore({ current: VERSION }, { userId: 'u1', version: 2, acceptedAt: 'x' }), ME, kind), GuidelinesRequiredError);
      await requireGuidelinesAccepted(memoryStore({ current: VERSION }, { userId: 'u1', version: 3, acceptedAt: 'x' }), ME, kind);
    }
  });

  it('accepts only the current version', async () => {
    await assert.rejects(acceptGuidelines(memoryStore({}), ME, 1, new Date()), (error: unknown) => error instanceof DomainError && error.code === 'not_found');
    await assert.rejects(acceptGuidelines(memoryStore({ current: VERSION }), ME, 2, new Date()), (error: unknown) => error instanceof GuidelinesRequiredError && error.guidelines.version === 3);
    const { acceptance } = await acceptGuidelines(memoryStore({ current: VERSION }), ME, 3, new Date('2026-12-03T07:00:00Z'));
    assert.deepEqual(acceptance, { userId: 'u1', version: 3, acceptedAt: '2026-12-03T07:00:00.000Z' });
  });

  it('renders the Markdown as TextBlocks: headings bold, links that are not https and HTML inert', function () {
    const blocks = guidelinesBlocks(VERSION.markdown);
    assert.deepEqual(blocks.map((b) => [b.text, b.weight ?? '']), [['Be kind', 'Bolder'], ['Assume **good** intent.', ''], ['- No [tricks]\n- ‹b›No HTML‹/b›', '']]);
    requireSchemas(this);
    assertValidCard(guidelinesCard('en', VERSION));
    assertValidCard(guidelinesCard('en', VERSION, { superseded: true }));
    assertValidCard(guidelinesAcceptedCard('en', { userId: 'u1', version: 3, acceptedAt: '2026-12-03T07:00:00.000Z' }));
  });
});
