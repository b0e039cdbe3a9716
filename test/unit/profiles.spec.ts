import { strict as assert } from 'assert';
import { DomainError } from '../../src/domain/errors';
import { cleanTags, PROFILE_TAG_MAX, PROFILE_TAGS_MAX } from '../../src/domain/profiles';
import { chatDeepLink } from '../../src/tab/host/teamsChat';

describe('profiles: skills and interests, and the chat link', () => {
  it('trims, collapses inner spaces and keeps each entry once, ignoring case, in the order written', () => {
    assert.deepEqual(cleanTags('skills', ['  Kubernetes ', 'kubernetes', 'Incident    response', 'KUBERNETES', 'Go']), ['Kubernetes', 'Incident response', 'Go']);
  });

  it('counts the limit after deduplication, and refuses empty, over-long and markup entries naming the field', () => {
    assert.equal(cleanTags('skills', [...Array.from({ length: PROFILE_TAGS_MAX }, (_, i) => `s${i}`), 'S0']).length, PROFILE_TAGS_MAX);
    const refusals: Array<[string[], RegExp]> = [
      [Array.from({ length: PROFILE_TAGS_MAX + 1 }, (_, i) => `s${i}`), /at most 20/],
      [['x'.repeat(PROFILE_TAG_MAX + 1)], /longer than 40/],
      [['   '], /empty/],
      [['<b>bold</b>'], /< >/],
    ];
    for (const [tags, message] of refusals) {
      assert.throws(() => cleanTags('interests', tags), (error: unknown) => error instanceof DomainError && error.code === 'bad_request' && /interests: /.test(error.message) && message.test(error.message));
    }
    assert.deepEqual(cleanTags('skills', ['x'.repeat(PROFILE_TAG_MAX)]), ['x'.repeat(PROFILE_TAG_MAX)]);
  });

  it('links a Teams 1:1 chat by e-mail address outside Teams', () => {
    assert.equal(chatDeepLink('lynner@contoso.example'), 'https://teams.microsoft.com/l/chat/0/0?users=lynner@contoso.example');
    assert.equal(chatDeepLink('a,b&c@x.example'), 'https://teams.microsoft.com/l/chat/0/0?users=a%2Cb%26c@x.example', 'one address, never a list or a second parameter');
  });
});
