import { strict as assert } from 'assert';
import { ANNOUNCEMENT_VERBS, announcementCard } from '../../src/cards/announcement';
import { VERBS } from '../../src/cards/verbs';
import { CARD_ACTION_SET_MAX, CARD_ACTIONS_MAX } from '../../src/cards/types';
import { REACTION_SET_MAX } from '../../src/domain/reactions';
import { POST_TEMPLATES } from '../../src/domain/studio-templates';
import { assertValidCard, requireSchemas } from '../support/schemas';

describe('announcement card (bot and Studio preview)', () => {
  const rich = {
    title: 'Policy <update>',
    body: '**Bold**, _italic_\n\n- one\n- two\n\n[Policy](https://intranet.example.com/p) and [bad](javascript:alert(1))',
    image: { url: 'https://img.example.com/a.png', alt: 'A chart' },
    buttons: [{ title: 'Read', url: 'https://intranet.example.com/p' }],
    importance: 'important' as const,
    acknowledge: true,
    kind: 'update' as const,
    announcementId: '11111111-1111-4111-8111-111111111111',
  };

  it('is valid Adaptive Card 1.5 with every option, plain, acknowledged, and for each template', function () {
    requireSchemas(this);
    for (const input of [rich, { title: 't', body: 'b' }, { ...rich, acknowledged: true }, ...POST_TEMPLATES.map((t) => t.content)]) assertValidCard(announcementCard(input));
  });

  it('carries image with alt text, link buttons, "I\'ve read this" and an important style', () => {
    const card = announcementCard(rich);
    const text = JSON.stringify(card);
    assert.ok(text.includes('"altText":"A chart"'));
    assert.ok(!text.includes('<update>'), 'HTML is inert');
    assert.ok(!text.includes('javascript:'));
    assert.equal((card.body[0] as { style?: string }).style, 'attention');
    const ack = card.actions?.find((a) => a.type === 'Action.Execute');
    assert.deepEqual([ack?.verb, (ack?.data as { announcementId: string }).announcementId], [ANNOUNCEMENT_VERBS.acknowledge, rich.announcementId]);
    assert.ok(card.actions?.some((a) => a.type === 'Action.OpenUrl' && a.url === 'https://intranet.example.com/p'));
  });

  it('turns the button into "Acknowledged ✓" for someone who acknowledged', () => {
    const card = announcementCard({ ...rich, acknowledged: true });
    assert.ok(!card.actions?.some((a) => a.type === 'Action.Execute'));
    assert.ok(JSON.stringify(card).includes('Acknowledged ✓'));
  });

  it('carries the reaction bar and the comments button keyed by the announcement id, with counts, the viewer\'s reaction, and a valid card', function () {
    requireSchemas(this);
    const reacts = (card: ReturnType<typeof announcementCard>) => (card.body.flatMap((e: any) => [e, ...(e.items ?? [])]).find((e: any) => e.type === 'ActionSet') as any).actions;
    const preview = announcementCard({ title: 't', body: 'b' });
    assert.ok(reacts(preview).every((a: any) => a.verb === VERBS.postReact && !/\d/.test(a.title)), 'the preview shows the bar without counts');
    const post = { postId: rich.announcementId, reactionCounts: { like: 3 }, reactionCount: 3, commentCount: 1, latestComments: [{ authorName: 'Lynne', text: 'Thanks', createdAt: '2026-12-01T00:00:00Z' }], personalViewers: ['29:x'] } as any;
    const card = announcementCard({ ...rich, engagement: { post, myReaction: 'like' } });
    assertValidCard(card);
    const like = reacts(card).find((a: any) => a.data.reaction === 'like');
    assert.deepEqual([like.title, like.style, like.data.postId], ['👍 3', 'positive', rich.announcementId]);
    const comments = card.actions?.find((a: any) => a.data?.verb === VERBS.postComments) as any;
    assert.equal(comments.data.postId, rich.announcementId);
    assert.ok(JSON.stringify(card).includes('Thanks'), 'the latest comment shows');
    assert.deepEqual((card.refresh as any).userIds, ['29:x'], 'reactors get their own view');
    assert.ok(card.actions?.some((a) => a.type === 'Action.Execute' && a.verb === ANNOUNCEMENT_VERBS.acknowledge), '"I\'ve read this" stays');
  });

  describe('within Teams\' action limits', () => {
    /** Every action array of the card: [actions shown without opening anything, arrays behind an Action.ShowCard]. */
    function actionArrays(card: any): { shown: any[][]; folded: any[][] } {
      const shown: any[][] = [];
      const folded: any[][] = [];
      const walk = (elements: any[], into: any[][]) => {
        for (const e of elements ?? []) {
          if (e.type === 'ActionSet') visit(e.actions, into);
          walk(e.items ?? [], into);
          for (const column of e.columns ?? []) walk(column.items ?? [], into);
        }
      };
      const visit = (actions: any[], into: any[][]) => {
        into.push(actions);
        for (const a of actions) if (a.type === 'Action.ShowCard') (walk(a.card.body, folded), a.card.actions && visit(a.card.actions, folded));
      };
      walk(card.body, shown);
      if (card.actions) visit(card.actions, shown);
      return { shown, folded };
    }
    const reactions = Array.from({ length: REACTION_SET_MAX }, (_, i) => ({ type: `r${i}`, emoji: '⭐', label: `R${i}` }));
    const buttons = Array.from({ length: 6 }, (_, i) => ({ title: `Link ${i + 1}`, url: `https://intranet.example.com/${i + 1}` }));
    const richest = { ...rich, buttons, tabUrl: 'https://commons.example.com/tab', engagement: { reactions } };

    it('shows at most nine actions, six a set, for the richest announcement, and hides none of them', function () {
      for (const input of [richest, { ...richest, engagement: {} }, { ...richest, acknowledge: false }, { ...richest, buttons: buttons.slice(0, 2) }]) {
        const card = announcementCard(input);
        const { shown, folded } = actionArrays(card);
        const visible = shown.flat();
        assert.ok(visible.length <= CARD_ACTIONS_MAX, `${visible.length} actions shown: ${visible.map((a) => a.title).join(', ')}`);
        for (const set of [...shown, ...folded]) assert.ok(set.length <= CARD_ACTION_SET_MAX, `a set of ${set.length}`);
        const urls = [...visible, ...folded.flat()].filter((a) => a.type === 'Action.OpenUrl').map((a) => a.url);
        assert.deepEqual(urls.sort(), [...input.buttons.map((b) => b.url), input.tabUrl].sort(), 'every link is on the card, shown or under "More links"');
        assert.ok(visible.some((a) => a.data?.verb === VERBS.postComments), 'comments always show');
        if (input.acknowledge) assert.ok(visible.some((a) => a.verb === ANNOUNCEMENT_VERBS.acknowledge), '"I\'ve read this" always shows');
      }
      const card = announcementCard(richest);
      assert.equal(actionArrays(card).shown.flat().length, CARD_ACTIONS_MAX, 'the richest card uses the room it has');
      assert.equal(card.actions?.at(-1)?.title, 'More links');
      assert.deepEqual(announcementCard({ title: 't', body: 'b', buttons: buttons.slice(0, 1) }).actions?.map((a) => a.type), ['Action.Submit', 'Action.OpenUrl'], 'a plain card folds nothing: comments (a dialog) and its link');
    });

    it('is valid Adaptive Card 1.5 at its richest', function () {
      requireSchemas(this);
      assertValidCard(announcementCard(richest));
      assertValidCard(announcementCard({ ...richest, acknowledged: true, importance: 'normal' as const }));
    });
  });
});
