import { ActivityTypes, CardFactory, INVOKE_RESPONSE_KEY, InvokeResponse, TurnContext } from 'botbuilder';
import type { TaskModuleTaskInfo } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { z } from 'zod';
import { errorCard } from '../cards/error';
import { guidelinesCard } from '../cards/guidelines';
import { removedPostCard } from '../cards/post';
import type { AdaptiveCard } from '../cards/types';
import { DomainError, errorText } from '../domain/errors';
import { GuidelinesRequiredError } from '../domain/guidelines';
import { t } from '../i18n';
import { addressedCommand } from './activity';
import type { BotIdentity } from './identity';
import { parseInput } from '../validation';
import { recordBotHandler } from '../telemetry/metrics';

/**
 * The bot's routes as data: one table from what Teams sends (a protocol name and a
 * verb or command id) to a readable route name and its handler, as microsoft/teams.ts
 * keeps one (`'composeExtension/fetchTask'` → `'message.ext.open'`). Handlers return a
 * plain `Reply`; this file alone turns it, or a DomainError, into what that protocol
 * needs: a chat reply, a card for the clicker, a dialog, a message in a dialog.
 *
 * Adding a feature's routes (kudos, communities, …), the pattern to copy:
 *   1. name its verbs and command ids in src/cards/verbs.ts (and the manifest, for
 *      message-extension and bot commands): `kudosJoin: 'kudos.join'`;
 *   2. write `src/bot/<feature>.ts` with one registrar, a line a route:
 *        export function registerKudosRoutes(routes: BotRoutes, features: FeatureContext) {
 *          routes.cardVerb(VERBS.kudosJoin, KudosRef, async (identity, { postId }) => reply.card(await …), { writes: true });
 *          routes.dialog(VERBS.kudosGive, { open: …, submit: … });
 *        }
 *      each handler validates nothing itself (the zod schema does), throws DomainError
 *      for what a person can fix, and calls the domain with the given identity;
 *   3. call it in createBot (src/bot/app.ts) next to registerPostRoutes.
 *
 * Every route identifies the person first (tenant and user from the authenticated
 * activity, never from card data), spends one of their writes when `writes` is set,
 * then parses the data with the route's schema: bad input is a clear error and
 * nothing is changed. Errors that are not DomainErrors go on to the turn's error
 * handler (replyToFailedTurn): logged, answered with kind words, a 5xx where needed.
 */

/** Teams protocol names → our route kinds (the first half of every route's name). */
export const ROUTE_KINDS = {
  message: 'message',
  'adaptiveCard/action': 'card.verb',
  'task/fetch': 'dialog.open',
  'task/submit': 'dialog.submit',
  'composeExtension/fetchTask': 'message.ext.open',
  'composeExtension/submitAction': 'message.ext.submit',
  'application/search': 'card.search',
} as const;

export type Protocol = keyof typeof ROUTE_KINDS;
export type RouteKind = (typeof ROUTE_KINDS)[Protocol];

/** What a handler answers; `reply` builds them. Which ones a route may give depends on its kind. */
export type Reply =
  | { type: 'card'; card: AdaptiveCard }
  | { type: 'dialog'; title: string; card: AdaptiveCard }
  | { type: 'message'; text: string }
  | { type: 'done' };

export const reply = {
  /** In chat: a card sent as the reply. For a card verb: the clicker's card becomes this one. */
  card: (card: AdaptiveCard): Reply => ({ type: 'card', card }),
  /** Opens (or, after a submit, continues) a dialog showing this card. */
  dialog: (title: string, card: AdaptiveCard): Reply => ({ type: 'dialog', title, card }),
  /** A short text: in a dialog it replaces the dialog's content. */
  message: (text: string): Reply => ({ type: 'message', text }),
  /** Nothing more to say: a submitted dialog closes, a message goes unanswered. */
  done: (): Reply => ({ type: 'done' }),
};

/** One choice of a Data.Query answer: what the picker shows, and what the card submits. */
export interface SearchChoice {
  title: string;
  value: string;
}

export type Handler<T> = (identity: BotIdentity, data: T, context: TurnContext) => Promise<Reply>;

export interface RouteOptions {
  /** Spends one of the person's writes (the limit shared with the tab API) before anything else. */
  writes?: boolean;
}

/** A dialog route: its open (task/fetch) and submit (task/submit) halves, each with its schema. */
export interface DialogRoute<O extends z.ZodTypeAny, S extends z.ZodTypeAny> {
  open: { schema: O; handler: Handler<z.infer<O>>; options?: RouteOptions };
  submit: { schema: S; handler: Handler<z.infer<S>>; options?: RouteOptions };
}

export interface RouteEntry {
  /** What Teams sends: the activity type or invoke name. */
  protocol: Protocol;
  /** The verb, command id or command word; for free-form message routes, a description. */
  id: string;
  /** Readable: "card.verb post.react", "dialog.open post.comments", "message command post". */
  name: string;
}

export interface RouteDependencies {
  app: Application<TurnState>;
  identify(context: TurnContext): Promise<BotIdentity>;
  checkWriteLimit(identity: BotIdentity): void;
}

export class BotRoutes {
  private readonly entries: RouteEntry[] = [];

  constructor(private readonly deps: RouteDependencies) {}

  /** Every route registered so far, in matching order. */
  get table(): readonly RouteEntry[] {
    return this.entries;
  }

  /**
   * A command typed to Commons ("post <text>"): `data.text` is what follows the word.
   * `wholeText` matches the word alone ("help", not "help me").
   */
  command(word: string, handler: Handler<{ text: string }>, options: RouteOptions & { wholeText?: boolean } = {}): this {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(options.wholeText ? `^\\s*${escaped}\\s*$` : `^\\s*${escaped}\\b`, 'i');
    return this.message(`command ${word}`, addressedCommand(pattern), async (context) => {
      const text = (context.activity.text ?? '').replace(pattern, '').trim();
      return this.answered('message', context, options, undefined, { text }, handler);
    });
  }

  /**
   * Any other message route, matched by `selector`, for what is not a command word
   * (a reply in a post's thread, the fallbacks). The handler identifies the person
   * itself if it needs to: a message route may answer without knowing who wrote.
   */
  message(description: string, selector: (context: TurnContext) => Promise<boolean>, handler: (context: TurnContext) => Promise<Reply>): this {
    this.add('message', description);
    this.deps.app.activity(selector, async (context) => {
      const started = performance.now();
      const answer = await handler(context).catch((error) => this.failure(context, error));
      recordBotHandler('message', description, performance.now() - started);
      await sendToChat(context, answer);
    });
    return this;
  }

  /** An Action.Execute verb: the answer replaces the card for the clicking person alone. */
  cardVerb<S extends z.ZodTypeAny>(verb: string, schema: S, handler: Handler<z.infer<S>>, options: RouteOptions = {}): this {
    this.add('adaptiveCard/action', verb);
    this.deps.app.adaptiveCards.actionExecute(verb, async (context, _state, raw) => {
      const started = performance.now();
      const answer = await this.answered('adaptiveCard/action', context, options, schema, raw, handler);
      recordBotHandler('adaptiveCard/action', verb, performance.now() - started);
      await answerCardAction(context, answer);
      return '';
    });
    return this;
  }

  /** A dialog opened from a card button (task/fetch with `verb`) and submitted from it (task/submit). */
  dialog<O extends z.ZodTypeAny, S extends z.ZodTypeAny>(verb: string, route: DialogRoute<O, S>): this {
    this.add('task/fetch', verb);
    this.add('task/submit', verb);
    this.deps.app.taskModules.fetch(verb, async (context, _state, raw) =>
      toTaskResult(await this.answered('task/fetch', context, route.open.options ?? {}, route.open.schema, raw, route.open.handler)) ?? '',
    );
    this.deps.app.taskModules.submit(verb, async (context, _state, raw) =>
      toTaskResult(await this.answered('task/submit', context, route.submit.options ?? {}, route.submit.schema, raw, route.submit.handler)),
    );
    return this;
  }

  /** A message-extension action command (manifest `composeExtensions`): its dialog and its submit. */
  messageAction<S extends z.ZodTypeAny>(commandId: string, route: { open: Handler<unknown>; submit: { schema: S; handler: Handler<z.infer<S>>; options?: RouteOptions } }): this {
    this.add('composeExtension/fetchTask', commandId);
    this.add('composeExtension/submitAction', commandId);
    this.deps.app.messageExtensions.fetchTask(commandId, async (context) =>
      toTaskResult(await this.answered('composeExtension/fetchTask', context, {}, undefined, context.activity.value, route.open)) ?? '',
    );
    this.deps.app.messageExtensions.submitAction(commandId, async (context, _state, raw) =>
      toTaskResult(await this.answered('composeExtension/submitAction', context, route.submit.options ?? {}, route.submit.schema, raw, route.submit.handler)),
    );
    return this;
  }

  /**
   * A `Data.Query` dataset (an Input.ChoiceSet that searches as the person types): the
   * handler gets the parsed invoke value and returns the choices; teams-ai wraps them
   * in the search response. Bad input is a 400 error body; nothing is looked up.
   */
  search<S extends z.ZodTypeAny>(dataset: string, schema: S, handler: (identity: BotIdentity, query: z.infer<S>, context: TurnContext) => Promise<SearchChoice[]>): this {
    this.add('application/search', dataset);
    this.deps.app.adaptiveCards.search(dataset, async (context) => {
      try {
        const identity = await this.deps.identify(context);
        return await handler(identity, parseInput(schema, context.activity.value), context);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const status = error.code === 'bad_request' ? 400 : error.code === 'unauthenticated' ? 401 : 403;
        const body = { statusCode: status, type: 'application/vnd.microsoft.error', value: { code: error.code, message: errorText(context.activity.locale, error) } };
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
        return [];
      }
    });
    return this;
  }

  /**
   * A message-extension command whose flow goes beyond a dialog (a botMessagePreview
   * with edit and send, type-ahead searches): listed in the table like the others,
   * its invokes registered with teams-ai by the feature itself.
   */
  messageExtensionFlow(commandId: string, register: (app: Application<TurnState>) => void): this {
    this.add('composeExtension/fetchTask', commandId);
    this.add('composeExtension/submitAction', commandId);
    register(this.deps.app);
    return this;
  }

  private add(protocol: Protocol, id: string): void {
    const name = `${ROUTE_KINDS[protocol]} ${id}`;
    if (this.entries.some((entry) => entry.name === name)) throw new Error(`BotRoutes: route "${name}" is registered twice`);
    this.entries.push({ protocol, id, name });
  }

  /** Identify, limit, parse, run; a DomainError becomes this protocol's kind words. */
  private async answered<T>(protocol: Protocol, context: TurnContext, options: RouteOptions, schema: z.ZodTypeAny | undefined, raw: unknown, handler: Handler<T>): Promise<Reply> {
    let locale = context.activity.locale;
    try {
      const identity = await this.deps.identify(context);
      locale = identity.locale;
      if (options.writes) this.deps.checkWriteLimit(identity);
      return await handler(identity, (schema ? parseInput(schema, raw) : raw) as T, context);
    } catch (error) {
      if (error instanceof GuidelinesRequiredError && !INLINE_CARD_PROTOCOLS.has(protocol)) await sendGuidelinesToChat(context, error, locale);
      return this.failure(context, error, protocol, locale);
    }
  }

  private failure(context: TurnContext, error: unknown, protocol: Protocol = 'message', locale = context.activity.locale): Reply {
    if (!(error instanceof DomainError)) throw error;
    return failureReply(protocol, locale, error);
  }
}

/**
 * A dialog or message extension can only show words, so the guidelines card goes to
 * the conversation the person is in, where "I accept" works; the dialog says so.
 */
async function sendGuidelinesToChat(context: TurnContext, error: GuidelinesRequiredError, locale: string | undefined): Promise<void> {
  const card = guidelinesCard(locale, error.guidelines);
  // Best effort: if the chat cannot take it, the dialog's words still say what to do.
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)], summary: card.fallbackText }).catch(() => undefined);
}

/** Where a reply can be a card, so the guidelines step is inline. */
const INLINE_CARD_PROTOCOLS: ReadonlySet<Protocol> = new Set(['message', 'adaptiveCard/action']);

/**
 * The one error mapping of the bot: what a person sees when a route fails, by where
 * they are. In chat and on a card, the error card (a card whose post is gone shows as
 * removed); in a dialog or message extension, the words in the dialog.
 */
function failureReply(protocol: Protocol, locale: string | undefined, error?: DomainError): Reply {
  if (error instanceof GuidelinesRequiredError) {
    return INLINE_CARD_PROTOCOLS.has(protocol) ? reply.card(guidelinesCard(locale, error.guidelines)) : reply.message(t(locale, 'card.guidelines.sentToChat', { version: error.guidelines.version }));
  }
  if (protocol === 'message') return reply.card(errorCard(locale, error));
  if (protocol === 'adaptiveCard/action') {
    return reply.card(error?.messageKey === 'error.post.notFound' ? removedPostCard(locale) : errorCard(locale, error));
  }
  return reply.message(errorText(locale, error));
}

/**
 * For the turn's error handler (app.error): answers a turn that failed with an error
 * that is not a DomainError, in the words failureReply gives, unless an invoke
 * response is already on its way. Invokes this bot does not route are left alone.
 */
export async function replyToFailedTurn(context: TurnContext, error: unknown): Promise<void> {
  const domainError = error instanceof DomainError ? error : undefined;
  const { type, name = '', locale } = context.activity;
  if (type === ActivityTypes.Message) return sendToChat(context, failureReply('message', locale, domainError));
  if (type !== ActivityTypes.Invoke || context.turnState.get(INVOKE_RESPONSE_KEY)) return;
  if (name === 'adaptiveCard/action') return answerCardAction(context, failureReply(name, locale, domainError));
  if (name in ROUTE_KINDS) {
    // Flows teams-ai routes itself (a message extension's preview and send) fail here too.
    if (domainError instanceof GuidelinesRequiredError) await sendGuidelinesToChat(context, domainError, locale);
    const result = toTaskResult(failureReply(name as Protocol, locale, domainError));
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { task: { type: 'message', value: result } } } });
  }
}

async function sendToChat(context: TurnContext, answer: Reply): Promise<void> {
  if (answer.type === 'card') await context.sendActivity({ attachments: [CardFactory.adaptiveCard(answer.card)], summary: answer.card.fallbackText });
  else if (answer.type === 'message') await context.sendActivity(answer.text);
  else if (answer.type === 'dialog') throw new Error('BotRoutes: a message route answered with a dialog, which only invokes can open');
}

/**
 * Answers an Action.Execute for the clicking user only. teams-ai would broadcast any
 * returned card that has a `refresh` section to everyone (replacing their personal
 * views), so the invoke response is written here and teams-ai sees it is sent.
 */
async function answerCardAction(context: TurnContext, answer: Reply): Promise<void> {
  let response: InvokeResponse;
  if (answer.type === 'card') response = { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card } };
  else if (answer.type === 'message') response = { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: answer.text } };
  else throw new Error(`BotRoutes: a card verb answered with "${answer.type}"; it must answer with a card or a message`);
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
}

/** A reply in the shape teams-ai's task and message-extension routes take (it writes the invoke response). */
function toTaskResult(answer: Reply): TaskModuleTaskInfo | string | undefined {
  if (answer.type === 'dialog') return { title: answer.title, height: 'medium', width: 'medium', card: CardFactory.adaptiveCard(answer.card) };
  if (answer.type === 'message') return answer.text;
  if (answer.type === 'done') return undefined;
  throw new Error('BotRoutes: a dialog answered with a bare card; use reply.dialog(title, card)');
}
