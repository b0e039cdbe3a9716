import type { Locator, Page, Response } from 'playwright-core';
import { z } from 'zod';

/**
 * Drives the Agents Playground's action-based message extension (0.2.28). The
 * Playground reads no manifest: its "Trigger Message Extension App" buttons (the
 * compose box's "+", and each message's "Show more information" menu) open a menu of
 * extension types; "Action Command" asks for the command id and fetches the dialog
 * from the app. Its client sends each invoke as a POST to its own server
 * (`/_conversation/v1/invoke`), which forwards it to the app and returns the body.
 */
export const PLAYGROUND_INVOKE_PATH = '/_conversation/v1/invoke';

const CardAttachment = z.object({ contentType: z.literal('application/vnd.microsoft.card.adaptive'), content: z.object({ type: z.literal('AdaptiveCard') }).passthrough() });

/** What the Playground's client posts to its server for an extension invoke. */
export const PlaygroundInvoke = z.object({
  name: z.enum(['composeExtension/fetchTask', 'composeExtension/submitAction']),
  value: z.object({ commandId: z.string(), commandContext: z.enum(['compose', 'message']), context: z.unknown().optional(), messagePayload: z.unknown().optional(), data: z.record(z.unknown()).optional() }).passthrough(),
  from: z.object({ id: z.string() }),
  conversation: z.object({ id: z.string() }),
});
export type PlaygroundInvoke = z.infer<typeof PlaygroundInvoke>;

/** The app's answer to fetchTask: a dialog holding a card. */
export const FetchTaskAnswer = z.object({ task: z.object({ type: z.literal('continue'), value: z.object({ title: z.string(), card: CardAttachment }).passthrough() }) });

/** The app's answer to submitAction when the form is valid: the card as it will be sent. */
export const PreviewAnswer = z.object({
  composeExtension: z.object({ type: z.literal('botMessagePreview'), activityPreview: z.object({ type: z.literal('message'), attachments: z.array(CardAttachment).length(1) }).passthrough() }),
});
export type PreviewAnswer = z.infer<typeof PreviewAnswer>;

/** The Playground's log line when an app answers with a preview (it cannot show one). */
export const PREVIEW_NOT_SUPPORTED = 'botMessagePreview response from Message Extension app is not supported yet';

const isInvoke = (name: string) => (response: Response) => response.url().endsWith(PLAYGROUND_INVOKE_PATH) && (response.request().postData() ?? '').includes(`"${name}"`);

async function invokeExchange<T>(response: Promise<Response>, answer: z.ZodType<T>): Promise<{ request: PlaygroundInvoke; answer: T }> {
  const done = await response;
  return { request: PlaygroundInvoke.parse(JSON.parse(done.request().postData() ?? '')), answer: answer.parse(await done.json()) };
}

/** Opens an action command from a "Trigger Message Extension App" button; the fetchTask the Playground sent and the app's dialog. */
export async function openActionCommand(page: Page, trigger: Locator, commandId: string) {
  await trigger.click();
  await page.getByRole('menuitem', { name: 'Action Command' }).click();
  await page.getByPlaceholder('Input command id or leave blanks').fill(commandId);
  const fetched = page.waitForResponse(isInvoke('composeExtension/fetchTask'));
  await page.getByRole('button', { name: 'Create' }).click();
  const exchange = await invokeExchange(fetched, FetchTaskAnswer);
  await page.getByRole('dialog').getByRole('button', { name: 'Preview' }).waitFor();
  return exchange;
}

/** A message's "..." menu in a channel: its own "Trigger Message Extension App" button. */
export async function messageActionTrigger(page: Page, messageText: string): Promise<Locator> {
  // The chat list may show the same text as its last message's preview: the message itself comes last.
  const text = page.getByText(messageText, { exact: true }).last();
  await text.waitFor();
  const more = page.getByRole('button', { name: 'Show more information' });
  // The innermost element holding both the message and a menu button is that message.
  const message = page.locator('div').filter({ has: text }).filter({ has: more }).last();
  await message.hover();
  return message.getByRole('button', { name: 'Show more information' });
}

/** Fills the kudos form in the open dialog: one recipient picked by typing part of their name, and a message. */
export async function fillKudosForm(page: Page, recipientName: string, message: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: /Who do you want/ }).click();
  await page.keyboard.type(recipientName.slice(0, 4));
  await page.getByRole('option', { name: recipientName }).click();
  await dialog.getByRole('textbox', { name: /What did they do/ }).fill(message);
}

/** Clicks Preview; the submitAction the Playground sent and the app's preview. */
export async function submitForPreview(page: Page) {
  const submitted = page.waitForResponse(isInvoke('composeExtension/submitAction'));
  await page.getByRole('dialog').getByRole('button', { name: 'Preview' }).click();
  return invokeExchange(submitted, PreviewAnswer);
}

/**
 * The Playground cannot show a preview, so nobody can click its "Send": this sends
 * what Teams sends then (the submitAction with `botMessagePreviewAction: "send"` and
 * the preview as the app drew it) through the Playground's own invoke route, so the
 * app answers the Playground's conversation as it would in Teams.
 */
export async function sendPreview(playgroundUrl: string, submitted: PlaygroundInvoke, preview: PreviewAnswer): Promise<void> {
  const { data: _typed, ...value } = submitted.value;
  const body = { ...submitted, value: { ...value, botMessagePreviewAction: 'send', botActivityPreview: [preview.composeExtension.activityPreview] } };
  const response = await fetch(`${playgroundUrl}${PLAYGROUND_INVOKE_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`sendPreview(): the Playground answered ${response.status}: ${await response.text()}`);
}
