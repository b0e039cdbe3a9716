import { existsSync, readFileSync } from 'fs';
import path from 'path';
import Ajv, { ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** The official schemas live beside the project, in ../shared/schemas (never copied in); SHARED_SCHEMAS names them from a git worktree elsewhere. */
export const SHARED_SCHEMAS = process.env.SHARED_SCHEMAS ? path.resolve(process.env.SHARED_SCHEMAS) : path.resolve(__dirname, '..', '..', '..', 'shared', 'schemas');
export const schemasAvailable = () => existsSync(SHARED_SCHEMAS);

let cardValidator: ValidateFunction | undefined;

function loadCardValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(path.join(SHARED_SCHEMAS, 'adaptive-cards', 'adaptive-card-1.5.json'), 'utf8'));
  // It says draft-06 but uses draft-04's `id`.
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Skips the calling test, with the reason, when the shared schemas are absent. */
export function requireSchemas(context: Mocha.Context): void {
  if (!schemasAvailable()) {
    console.warn(`    (skipped: official schemas not found at ${SHARED_SCHEMAS})`);
    context.skip();
  }
}

/** Throws with the schema's complaints when the card is not valid Adaptive Card 1.5. */
export function assertValidCard(card: unknown): void {
  cardValidator ??= loadCardValidator();
  if (!cardValidator(card)) {
    throw new Error(`Adaptive Card fails the 1.5 schema: ${JSON.stringify(cardValidator.errors?.slice(0, 5), null, 1)}`);
  }
}
