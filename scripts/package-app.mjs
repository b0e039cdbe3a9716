// `npm run package [-- --env local]`: builds appPackage/build/appPackage.<env>.zip.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAppPackage } from './app-package.mjs';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Accepts `--env local` and `--env=local`. */
function readOption(args, name) {
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index === -1) return undefined;
  const [, inline] = args[index].split('=', 2);
  return inline ?? args[index + 1];
}

const env = readOption(process.argv.slice(2), 'env') ?? 'dev';

try {
  const { zipPath } = await buildAppPackage({ env, rootDir });
  console.log(`Packaged ${path.relative(rootDir, zipPath)}`);
} catch (error) {
  console.error(`package-app: ${error.message}`);
  process.exitCode = 1;
}
