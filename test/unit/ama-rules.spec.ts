import { strict as assert } from 'assert';
import { AmaDetails, amaPhase, AmaQuestion, authorShown, checkedAnswer, checkedQuestion, newQuestionId, ranked, validateAma } from '../../src/domain/ama';
import { DomainError } from '../../src/domain/errors';

const now = new Date('2026-12-03T10:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
const refused = (run: () => unknown, key: string) => assert.throws(run, (e: unknown) => e instanceof DomainError && e.messageKey === key);

describe('ask-me-anything rules (src/domain/ama.ts)', () => {
  it('checks an event\'s title and times', () => {
    assert.deepEqual(validateAma({ title: '  Ask   Joni  ', endsAt: at(60) }, now), { title: 'Ask Joni', startsAt: now.toISOString(), endsAt: at(60) });
    refused(() => validateAma({ title: ' ', endsAt: at(60) }, now), 'error.ama.noTitle');
    refused(() => validateAma({ title: 'x'.repeat(201), endsAt: at(60) }, now), 'error.ama.titleTooLong');
    refused(() => validateAma({ title: 'Past', endsAt: at(-1) }, now), 'error.ama.endsInPast');
    refused(() => validateAma({ title: 'Backwards', startsAt: at(30), endsAt: at(10) }, now), 'error.ama.endsBeforeStart');
    refused(() => validateAma({ title: 'Long', endsAt: at(8 * 24 * 60) }, now), 'error.ama.tooLong');
    refused(() => validateAma({ title: 'Odd', endsAt: 'tomorrow' }, now), 'error.ama.badTimes');
  });

  it('is upcoming before its start, live until its end, closed after it or once closed', () => {
    const ama: AmaDetails = { title: 't', hostId: 'h', hostName: 'H', startsAt: at(10), endsAt: at(20) };
    assert.equal(amaPhase(ama, now), 'upcoming');
    assert.equal(amaPhase(ama, new Date(at(10))), 'live');
    assert.equal(amaPhase(ama, new Date(at(20))), 'closed');
    assert.equal(amaPhase({ ...ama, closedAt: at(0) }, new Date(at(15))), 'closed');
  });

  it('shows an anonymous asker only to those who see authors and to the asker', () => {
    const question: AmaQuestion = { questionId: 'q1', text: 'Why?', authorId: 'adele', authorName: 'Adele', anonymous: true, createdAt: at(0) };
    assert.equal(authorShown(question, { seesAuthors: false }, 'Anonymous'), 'Anonymous');
    assert.equal(authorShown(question, { userId: 'someone', seesAuthors: false }, 'Anonymous'), 'Anonymous');
    assert.equal(authorShown(question, { userId: 'ADELE', seesAuthors: false }, 'Anonymous'), 'Adele');
    assert.equal(authorShown(question, { userId: 'host', seesAuthors: true }, 'Anonymous'), 'Adele');
    assert.equal(authorShown({ ...question, anonymous: false }, { seesAuthors: false }, 'Anonymous'), 'Adele');
  });

  it('checks questions and answers', () => {
    assert.equal(checkedQuestion('  Why   now? '), 'Why now?');
    refused(() => checkedQuestion('   '), 'error.ama.noQuestion');
    refused(() => checkedQuestion('x'.repeat(501)), 'error.ama.questionTooLong');
    assert.equal(checkedAnswer(' Line one\r\nline two '), 'Line one\nline two');
    refused(() => checkedAnswer(''), 'error.ama.noAnswer');
    refused(() => checkedAnswer('x'.repeat(2001)), 'error.ama.answerTooLong');
  });

  it('ranks most upvoted first, the older question first on a tie (ids sort by time)', () => {
    const older = newQuestionId(now, 'aaaa-bbbb');
    const newer = newQuestionId(new Date(now.getTime() + 1), '0000');
    assert.ok(older < newer);
    assert.match(older, /^q[0-9a-z]{9,20}$/);
    assert.deepEqual(ranked({ votes: { [newer]: 2, [older]: 2, q0: 5 }, answered: new Set() }), ['q0', older, newer]);
  });
});
