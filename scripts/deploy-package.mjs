#!/usr/bin/env node
// `npm run package:deploy`: the folder the toolkit's zip deploy uploads (teamsapp.yml).
// Only what the server needs at run time: dist/ (server and the prebuilt tab, no source
// maps), package.json, package-lock.json and the production dependencies. App Service runs
// it from the zip (WEBSITE_RUN_FROM_PACKAGE=1) with `npm run start:server`: no build there.
// `--zip` also writes .deploy.zip (what the toolkit uploads) and prints its size.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEPLOY_DIR = path.join(root, '.deploy');

// botbuilder-dialogs' postinstall removes these nested copies so the hoisted one is used;
// install scripts do not run here (they need dev tools), so the same removal is done by hand.
const DIALOGS_POSTINSTALL_REMOVALS = ['recognizers-text-suite', 'recognizers-text-date-time', 'recognizers-text-number-with-unit'].map(
  (name) => path.join('node_modules', '@microsoft', name, 'node_modules', '@microsoft', 'recognizers-text-number'),
);

/** Top-level package names under a node_modules folder (`@scope/name` for scoped ones). */
export function installedPackages(nodeModules) {
  if (!existsSync(nodeModules)) return [];
  const names = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) names.push(...readdirSync(path.join(nodeModules, entry)).map((name) => `${entry}/${name}`));
    else names.push(entry);
  }
  return names;
}

/** The dev-only packages of the lock file (npm marks them `dev: true`) that are installed in the folder. */
export function devPackagesIn(folder) {
  const lock = JSON.parse(readFileSync(path.join(folder, 'package-lock.json'), 'utf8'));
  return Object.entries(lock.packages)
    .filter(([key, entry]) => key.startsWith('node_modules/') && entry.dev === true)
    .map(([key]) => key)
    .filter((key) => existsSync(path.join(folder, key)));
}

function folderBytes(folder) {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : statSync(full).size;
  }
  return total;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}`);
}

/**
 * What the assembled folder must be, checked every time it is built (so `atk deploy`
 * never uploads a folder that fails it): no dev dependency, the tab prebuilt, no sources.
 */
export function checkDeployFolder(folder) {
  const strays = devPackagesIn(folder);
  if (strays.length > 0) throw new Error(`dev dependencies in the deployment: ${strays.join(', ')}`);
  if (!existsSync(path.join(folder, 'dist', 'tab', 'index.html'))) throw new Error('the deployment has no prebuilt tab (dist/tab/index.html)');
  if (!existsSync(path.join(folder, 'dist', 'src', 'index.js'))) throw new Error('the deployment has no built server (dist/src/index.js)');
  for (const source of ['src', 'test', 'tsconfig.json']) {
    if (existsSync(path.join(folder, source))) throw new Error(`the deployment carries ${source}: only dist/ and the production dependencies belong there`);
  }
}

export function buildDeployFolder({ zip = false } = {}) {
  for (const built of ['dist/src/index.js', 'dist/tab/index.html', 'dist/tab/app.js']) {
    if (!existsSync(path.join(root, built))) throw new Error(`${built} is missing: run npm run build first`);
  }
  rmSync(DEPLOY_DIR, { recursive: true, force: true });
  mkdirSync(DEPLOY_DIR);
  cpSync(path.join(root, 'dist'), path.join(DEPLOY_DIR, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
  for (const file of ['package.json', 'package-lock.json']) cpSync(path.join(root, file), path.join(DEPLOY_DIR, file));
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], DEPLOY_DIR);
  for (const nested of DIALOGS_POSTINSTALL_REMOVALS) rmSync(path.join(DEPLOY_DIR, nested), { recursive: true, force: true });

  checkDeployFolder(DEPLOY_DIR);
  const summary = { folder: DEPLOY_DIR, megabytes: +(folderBytes(DEPLOY_DIR) / 1e6).toFixed(1), packages: installedPackages(path.join(DEPLOY_DIR, 'node_modules')).length };
  if (zip) {
    const zipPath = `${DEPLOY_DIR}.zip`;
    rmSync(zipPath, { force: true });
    run('zip', ['-q', '-r', '-X', zipPath, '.'], DEPLOY_DIR);
    summary.zip = zipPath;
    summary.zipMegabytes = +(statSync(zipPath).size / 1e6).toFixed(1);
  }
  writeFileSync(path.join(DEPLOY_DIR, '.deploy-summary.json'), `${JSON.stringify(summary)}\n`);
  return summary;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(JSON.stringify(buildDeployFolder({ zip: process.argv.includes('--zip') })));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
