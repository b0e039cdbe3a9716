/**
 * Every name Teams sends back to Commons, in one place: the verbs of Action.Execute
 * buttons (`adaptiveCard/action`), the verbs that open and submit dialogs (`task/fetch`,
 * `task/submit`, read from the card data's `verb`), the message-extension command ids
 * (`composeExtension/*`, declared in appPackage/manifest.json) and the bot commands the
 * manifest lists. Card builders put these into cards; src/bot/routes.ts routes on them.
 * test/unit/routes.spec.ts checks that the manifest, the route table and this file agree.
 *
 * A new feature adds its names here first (`kudosJoin: 'kudos.join'`): "<feature>.<action>".
 */
export const VERBS = {
  /** Action.Execute on the compose card sent in personal chat: publish into the chosen place. */
  postPublish: 'post.publish',
  /** Action.Execute: toggle a reaction (data `reaction`). */
  postReact: 'post.react',
  /** Action.Execute from the card's `refresh`: Teams asks for a listed viewer's personal view. */
  postRefresh: 'post.refresh',
  /** Action.Execute: the author (or a moderator) removes the post. */
  postDelete: 'post.delete',
  /** Dialog (task/fetch, task/submit): read and add comments. */
  postComments: 'post.comments',
  /** Dialog: report a post to the moderators. */
  postReport: 'post.report',
  /** Dialog: edit a post's title and body. */
  postEdit: 'post.edit',
  /** Action.Execute on an announcement that asks for it: "I've read this" (data `announcementId`). */
  announcementAcknowledge: 'announcement.ack',
  /** Action.Execute on a kudos card: "Add your kudos" (each person once). */
  kudosJoin: 'kudos.join',
  /** Action.Execute on a poll card: vote, or change one's vote (input `choices`). */
  pollVote: 'poll.vote',
  /** Action.Execute on a poll card: its author (or a moderator) closes it. */
  pollClose: 'poll.close',
  /** Action.Execute on an AMA card: ask a question (inputs `question`, `anonymous`). */
  amaAsk: 'ama.ask',
  /** Action.Execute on an AMA card: upvote a question (data `questionId`; once per person). */
  amaUpvote: 'ama.upvote',
  /** Action.Execute on an AMA card: the host's view, with an answer form under each question. */
  amaHost: 'ama.host',
  /** Action.Execute on the host's AMA card: answer a question (input `answer_<questionId>`). */
  amaAnswer: 'ama.answer',
  /** Action.Execute on an approver's personal-chat card: approve the submitted post (data `draftId`, input `comment`). */
  studioApprove: 'studio.approve',
  /** Action.Execute on an approver's card: reject it, saying what to change (input `comment`, required). */
  studioReject: 'studio.reject',
  /** Action.Execute on the guidelines card: "I accept" (data `version`, the version the person was shown). */
  guidelinesAccept: 'guidelines.accept',
  /** Action.Execute on a digest card: turn digests off (data `digest`: "activity" or "weekly"). */
  digestOff: 'digest.off',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

/** Message-extension (composeExtension) command ids, as in the manifest's `composeExtensions[].commands[].id`. */
export const MESSAGE_EXTENSION_COMMANDS = {
  /** "Share to Commons" on any Teams message (an action command with a fetchTask dialog). */
  shareToCommons: 'shareToCommons',
  /** "Send kudos" in the compose box, the command box and on any message: form, preview (botMessagePreview), edit, send. */
  sendKudos: 'sendKudos',
  /** "Start a discussion" in the compose box and the command box: a form (one of my communities or this conversation, kind, text), then the card. */
  startDiscussion: 'startDiscussion',
} as const;

/** Data.Query datasets (`application/search` invokes from Input.ChoiceSet pickers in cards). */
export const DATA_QUERY_DATASETS = {
  /** People of the caller's tenant, from the search index (src/bot/people-search.ts). */
  people: 'people',
} as const;

/** Bot commands, as in the manifest's `bots[].commandLists[].commands[].title` (every scope lists them all). */
export const BOT_COMMANDS = {
  help: 'help',
  post: 'post',
  kudos: 'kudos',
  poll: 'poll',
  discuss: 'discuss',
  ask: 'ask',
  community: 'community',
} as const;
