import { AsyncLocalStorage } from 'async_hooks';

/**
 * Botbuilder reports token failures with `console.error`, once per request and with the
 * channel's whole key set in the text ("Error finding key for token. Available keys: …").
 * Anyone can trigger that, so on stdout it is a free log flood. Work run inside
 * `withLibraryConsole` has its console output handed to a sink instead (our logger, at
 * debug level, without key material); everything else prints as before. The context
 * follows the work through every await, so concurrent requests never swap sinks.
 */
export type LibraryConsoleSink = (text: string) => void;

const METHODS = ['error', 'warn', 'log', 'info', 'debug'] as const;
const context = new AsyncLocalStorage<LibraryConsoleSink>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const method of METHODS) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const sink = context.getStore();
      if (!sink) return original(...args);
      sink(args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : String(arg))).join(' '));
    };
  }
}

export function withLibraryConsole<T>(sink: LibraryConsoleSink, work: () => T): T {
  install();
  return context.run(sink, work);
}

/** The part of a library message worth keeping: its first line, without the key set. */
export function libraryMessageSummary(text: string): string {
  return text.split('\n')[0].split('Available keys')[0].trim().slice(0, 200);
}
