import { strict as assert } from 'assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { inflateRawSync } from 'zlib';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { PNG } from 'pngjs';
import { buildAppPackage, languageFiles, parseEnvFile, substitute } from '../../scripts/app-package.mjs';

const repoRoot = path.resolve(__dirname, '..', '..');
const appPackageDir = path.join(repoRoot, 'appPackage');
const readText = (...parts: string[]) => readFileSync(path.join(repoRoot, ...parts), 'utf8');
const readPng = (name: string) => PNG.sync.read(readFileSync(path.join(appPackageDir, name)));

/** Entry names and contents of a zip file, read from its central directory. */
function readZip(file: string): Map<string, Buffer> {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, `${file} is not a zip file`);
  const entries = new Map<string, Buffer>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function localManifest(): Record<string, any> {
  const { text, missing } = substitute(readText('appPackage', 'manifest.json'), parseEnvFile(readText('env', '.env.local')));
  assert.deepEqual(missing, [], 'env/.env.local must resolve every variable of the manifest');
  return JSON.parse(text);
}

const TEAMS_SCHEMAS = path.resolve(repoRoot, '..', 'shared', 'schemas', 'teams');

/** A validator for ../shared/schemas/teams/<file>, or a skip that says which file is absent. */
function teamsSchema(context: Mocha.Context, file: string) {
  const schemaFile = path.join(TEAMS_SCHEMAS, file);
  if (!existsSync(schemaFile)) {
    console.warn(`      skipped: no Teams schema at ${schemaFile}`);
    context.skip();
  }
  // unicodeRegExp off: the localisation schema's patterns (`\b]`) are not valid with the u flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  return (value: unknown, what: string) => assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`);
}

/** The manifest's value at a localisation key such as `bots[0].commandLists[1].commands[0].title`. */
function valueAt(manifest: Record<string, any>, key: string): unknown {
  return key.split(/\.|(?=\[)/).reduce<any>((at, part) => {
    const index = /^\[(\d+)\]$/.exec(part);
    return at?.[index ? Number(index[1]) : part];
  }, manifest);
}

describe('Teams app package', () => {
  it('is on manifest 1.29 and satisfies that schema once env/.env.local is filled in', function () {
    const manifest = localManifest();
    assert.equal(manifest.manifestVersion, '1.29');
    assert.match(manifest.$schema, /\/v1\.29\/MicrosoftTeams\.schema\.json$/);
    teamsSchema(this, `MicrosoftTeams.v${manifest.manifestVersion}.schema.json`)(manifest, 'appPackage/manifest.json');
  });

  it('declares shared and private channel support (the visibility rules decide who sees a post there)', () => {
    const manifest = localManifest();
    assert.equal(manifest.supportsChannelFeatures, 'tier1');
    assert.deepEqual([...manifest.supportedChannelTypes].sort(), ['privateChannels', 'sharedChannels']);
    assert.ok(manifest.bots[0].scopes.includes('team'), 'channel support needs the team scope');
  });

  it('has a valid localisation file for each language, English first, with the manifest\'s own strings in English', function () {
    const manifest = localManifest();
    const check = teamsSchema(this, 'MicrosoftTeams.Localization.schema.json');
    assert.equal(manifest.localizationInfo.defaultLanguageTag, 'en');
    const files = languageFiles(manifest);
    assert.equal(files[0], 'en.json');
    const english = JSON.parse(readText('appPackage', 'en.json'));
    for (const file of files) {
      const strings = JSON.parse(readText('appPackage', file));
      check(strings, `appPackage/${file}`);
      assert.deepEqual(Object.keys(strings).sort(), Object.keys(english).sort(), `${file} translates the same strings as en.json`);
    }
    for (const [key, value] of Object.entries(english)) {
      if (key !== '$schema') assert.equal(value, valueAt(manifest, key), `en.json "${key}" is the manifest's text`);
    }
    for (const key of ['name.short', 'name.full', 'description.short', 'description.full']) assert.ok(key in english, key);
    manifest.staticTabs.forEach((_: unknown, i: number) => assert.ok(`staticTabs[${i}].name` in english, `tab ${i} is localised`));
  });

  it('offers help and post in every bot scope, the shareToCommons action and five personal tabs', () => {
    const manifest = localManifest();
    const [bot] = manifest.bots;
    for (const scope of bot.scopes) {
      const list = bot.commandLists.find((l: { scopes: string[] }) => l.scopes.includes(scope));
      assert.deepEqual(list?.commands.map((c: { title: string }) => c.title), ['help', 'post', 'kudos', 'poll', 'discuss', 'ask', 'community'], `commands for ${scope}`);
    }
    const [action] = manifest.composeExtensions[0].commands;
    assert.deepEqual([action.id, action.type, action.context, action.fetchTask], ['shareToCommons', 'action', ['message'], true]);
    const tabs = manifest.staticTabs.map((t: { entityId: string; contentUrl: string }) => [t.entityId, t.contentUrl]);
    assert.deepEqual(
      tabs,
      ['feed', 'kudos', 'communities', 'studio', 'admin'].map((id) => [id, `https://localhost:3978/tab/index.html#/${id}`]),
    );
  });

  it('has a 192×192 colour icon and a 32×32 outline icon', () => {
    const color = readPng('color.png');
    const outline = readPng('outline.png');
    assert.deepEqual([color.width, color.height], [192, 192]);
    assert.deepEqual([outline.width, outline.height], [32, 32]);
  });

  it('draws the outline icon in white on a transparent background only', () => {
    const { data } = readPng('outline.png');
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = data.subarray(i, i + 4);
      if (a === 0) continue;
      drawn++;
      assert.ok(r === 255 && g === 255 && b === 255, `pixel ${i / 4} is rgb(${r}, ${g}, ${b}) with alpha ${a}`);
    }
    assert.ok(drawn > 100, 'the outline icon shows a glyph');
  });

  it('packages exactly manifest.json, its icons and its localisation files for env local', async () => {
    const { zipPath, manifestPath } = await buildAppPackage({ env: 'local', rootDir: repoRoot, processEnv: {} });
    assert.equal(path.relative(repoRoot, zipPath), path.join('appPackage', 'build', 'appPackage.local.zip'));
    const entries = readZip(zipPath);
    assert.deepEqual([...entries.keys()].sort(), ['color.png', 'en.json', 'manifest.json', 'outline.png']);
    assert.ok(entries.get('en.json')!.equals(readFileSync(path.join(appPackageDir, 'en.json'))));
    const zipped = entries.get('manifest.json')!.toString('utf8');
    assert.equal(zipped, readFileSync(manifestPath, 'utf8'));
    assert.doesNotMatch(zipped, /\$\{\{/);
    assert.ok(entries.get('color.png')!.equals(readFileSync(path.join(appPackageDir, 'color.png'))));
  });

  describe('with a variable missing from the env file', () => {
    let rootDir: string;

    beforeEach(() => {
      rootDir = mkdtempSync(path.join(os.tmpdir(), 'commons-package-'));
      cpSync(appPackageDir, path.join(rootDir, 'appPackage'), { recursive: true, filter: (src) => path.basename(src) !== 'build' });
      mkdirSync(path.join(rootDir, 'env'));
      const env = readText('env', '.env.local').replace(/^BOT_DOMAIN=.*$/m, '');
      writeFileSync(path.join(rootDir, 'env', '.env.local'), env);
    });

    afterEach(() => rmSync(rootDir, { recursive: true, force: true }));

    it('fails in one line naming the variable, and writes nothing', async () => {
      await assert.rejects(buildAppPackage({ env: 'local', rootDir, processEnv: {} }), (error: Error) => {
        assert.match(error.message, /^Unresolved variables in appPackage\/manifest\.json for env "local": BOT_DOMAIN \(/);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
      assert.equal(existsSync(path.join(rootDir, 'appPackage', 'build')), false);
    });

    it('takes the value from the process environment instead', async () => {
      const { manifest } = await buildAppPackage({ env: 'local', rootDir, processEnv: { BOT_DOMAIN: 'bot.contoso.example' } });
      assert.deepEqual(manifest.validDomains, ['localhost:3978', 'bot.contoso.example']);
    });
  });

  describe('env files and placeholders', () => {
    it('reads KEY=VALUE lines, skipping comments and unquoting values', () => {
      const vars = parseEnvFile('# a comment\nA=1\n\nB = "two words"\nC=\nD=x # trailing\nnot a line\n');
      assert.deepEqual(vars, { A: '1', B: 'two words', C: '', D: 'x' });
    });

    it('reports empty and absent variables as missing, once each', () => {
      const { text, missing } = substitute('${{A}} ${{ B }} ${{C}} ${{C}}', { A: 'one', B: '' });
      assert.equal(text, 'one ${{ B }} ${{C}} ${{C}}');
      assert.deepEqual(missing, ['B', 'C']);
    });

    it('escapes values for the surrounding JSON string when asked', () => {
      const { text } = substitute('{"name": "${{NAME}}"}', { NAME: 'say "hi"' }, (v) => JSON.stringify(v).slice(1, -1));
      assert.equal(JSON.parse(text).name, 'say "hi"');
    });
  });
});
