// Builds the Teams app package the way the Teams Toolkit's teamsApp/zipAppPackage
// does: fill every ${{VAR}} in appPackage/manifest.json from env/.env.<env>, then
// zip the manifest with its two icons. Used by scripts/package-app.mjs and the tests.
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';

export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'];

/** The localisation files the manifest names (localizationInfo), zipped beside it. */
export function languageFiles(manifest) {
  const info = manifest.localizationInfo ?? {};
  return [info.defaultLanguageFile, ...(info.additionalLanguages ?? []).map((language) => language.file)].filter(Boolean);
}

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
// A fixed date keeps the zip byte-identical when nothing changed.
const ZIP_MTIME = new Date('2024-01-01T00:00:00Z');

export class PackageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PackageError';
  }
}

/** Reads a Teams Toolkit env file: KEY=VALUE lines, # comments, optional quotes. */
export function parseEnvFile(text) {
  const vars = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2].trim();
    const quoted = /^(['"])(.*)\1$/.exec(value);
    value = quoted ? quoted[2] : value.replace(/\s+#.*$/, '');
    vars[match[1]] = value;
  }
  return vars;
}

/**
 * Replaces every ${{NAME}} with vars[NAME]. An empty value counts as missing, as in
 * the Teams Toolkit: an id that provisioning has not written yet must stop packaging.
 * `encode` lets callers escape values for the surrounding syntax (JSON strings here).
 */
export function substitute(text, vars, encode = (value) => value) {
  const missing = new Set();
  const result = text.replace(PLACEHOLDER, (whole, name) => {
    const value = vars[name];
    if (value === undefined || value === '') {
      missing.add(name);
      return whole;
    }
    return encode(value);
  });
  return { text: result, missing: [...missing] };
}

/** env/.env.<env>, then env/.env.<env>.user (local secrets), then the process environment. */
export function loadEnvironment({ env, rootDir, processEnv = process.env }) {
  const file = path.join(rootDir, 'env', `.env.${env}`);
  if (!existsSync(file)) throw new PackageError(`No environment file env/.env.${env}: create it or pick another --env`);
  const userFile = `${file}.user`;
  return {
    ...parseEnvFile(readFileSync(file, 'utf8')),
    ...(existsSync(userFile) ? parseEnvFile(readFileSync(userFile, 'utf8')) : {}),
    ...processEnv,
  };
}

const jsonStringContent = (value) => JSON.stringify(value).slice(1, -1);

/**
 * Writes appPackage/build/manifest.<env>.json and appPackage/build/appPackage.<env>.zip.
 * Fails with a one-line PackageError before writing anything when a variable is unresolved.
 */
export async function buildAppPackage({ env = 'dev', rootDir, processEnv = process.env }) {
  if (!rootDir) throw new PackageError('buildAppPackage() needs rootDir');
  if (!/^[A-Za-z0-9_-]+$/.test(env)) throw new PackageError(`Invalid environment name "${env}"`);
  const appPackageDir = path.join(rootDir, 'appPackage');
  const vars = loadEnvironment({ env, rootDir, processEnv });

  const template = readFileSync(path.join(appPackageDir, 'manifest.json'), 'utf8');
  const { text, missing } = substitute(template, vars, jsonStringContent);
  if (missing.length > 0) {
    throw new PackageError(
      `Unresolved variables in appPackage/manifest.json for env "${env}": ${missing.join(', ')} (set them in env/.env.${env} or the environment)`,
    );
  }
  const manifest = JSON.parse(text);
  // One App Service hosts the bot and the tab, so the two domains are usually the same.
  if (Array.isArray(manifest.validDomains)) manifest.validDomains = [...new Set(manifest.validDomains)];
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;

  const icons = PACKAGE_FILES.filter((name) => name !== 'manifest.json');
  for (const icon of icons) {
    if (!existsSync(path.join(appPackageDir, icon))) {
      throw new PackageError(`Missing appPackage/${icon}: run node scripts/make-icons.mjs`);
    }
  }
  const languages = languageFiles(manifest);
  for (const file of languages) {
    if (!existsSync(path.join(appPackageDir, file))) throw new PackageError(`Missing appPackage/${file}, named in the manifest's localizationInfo`);
  }

  const buildDir = path.join(appPackageDir, 'build');
  mkdirSync(buildDir, { recursive: true });
  const manifestPath = path.join(buildDir, `manifest.${env}.json`);
  const zipPath = path.join(buildDir, `appPackage.${env}.zip`);
  writeFileSync(manifestPath, manifestText);

  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(manifestText), 'manifest.json', { mtime: ZIP_MTIME });
  for (const file of [...icons, ...languages]) {
    zip.addBuffer(readFileSync(path.join(appPackageDir, file)), file, { mtime: ZIP_MTIME });
  }
  zip.end();
  await new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolve).on('error', reject);
  });
  return { zipPath, manifestPath, manifest };
}
