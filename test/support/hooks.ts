// Root hooks shared by every test file. Tests log nothing unless LOG_LEVEL says so.
import fc from 'fast-check';

process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
process.noDeprecation = true;

// Property tests draw the same inputs on every run, so a CI result can be reproduced;
// FC_SEED=<n>, or FC_SEED=random, explores others.
const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== 'random' && !Number.isInteger(Number(seed))) throw new Error(`FC_SEED must be an integer or "random", got "${seed}"`);
if (seed !== 'random') fc.configureGlobal({ seed: seed === undefined ? 20261126 : Number(seed) });
