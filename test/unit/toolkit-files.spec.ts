import { strict as assert } from 'assert';
import { existsSync, readFileSync } from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { FRAME_ANCESTORS } from '../../src/api/security';

const repoRoot = path.resolve(__dirname, '..', '..');
const readText = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

/**
 * The yaml schema the Microsoft 365 Agents Toolkit CLI (`atk`, @microsoft/m365agentstoolkit-cli
 * 1.1.17) ships as its newest (resource/yaml-schema/v1.13). It reads teamsapp.yml,
 * teamsapp.local.yml and teamsapp.testtool.yml (the Playground environment) as well as the
 * newer m365agents*.yml names.
 */
const SCHEMA_VERSION = 'v1.13';
const SCHEMA_URL = `https://aka.ms/m365-agents-toolkits/${SCHEMA_VERSION}/yaml.schema.json`;
const TOOLKIT_FILES = ['teamsapp.yml', 'teamsapp.local.yml', 'teamsapp.testtool.yml'];

/**
 * Every Microsoft 365 host that may show the tab, the Entra client id it asks for the SSO token
 * with (learn.microsoft.com, "Extend a Teams personal tab across Microsoft 365": update the
 * Entra app registration for SSO), and the origin that frames the tab there.
 */
const HOSTS: Array<{ host: string; clientId: string; framedBy: string }> = [
  { host: 'Teams desktop and mobile', clientId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', framedBy: 'https://teams.microsoft.com' },
  { host: 'Teams web', clientId: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', framedBy: 'https://teams.cloud.microsoft' },
  { host: 'Microsoft 365 web', clientId: '4765445b-32c6-49b0-83e6-1d93765276ca', framedBy: 'https://www.microsoft365.com' },
  { host: 'Microsoft 365 desktop', clientId: '0ec893e0-5785-4de6-99da-4ed124e5296c', framedBy: 'https://m365.cloud.microsoft' },
  { host: 'Microsoft 365 mobile and Outlook desktop', clientId: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', framedBy: 'https://www.office.com' },
  { host: 'Outlook web', clientId: 'bc59ab01-8403-45c6-8796-ac3ef710b3e3', framedBy: 'https://outlook.office.com' },
  { host: 'Outlook mobile', clientId: '27922004-5251-4030-b22d-91ecd9a37ea4', framedBy: 'https://outlook.office365.com' },
];

/** Whether a CSP source expression (`https://*.office.com`) matches an origin. */
function sourceMatches(source: string, origin: string): boolean {
  if (!source.includes('*')) return source === origin;
  const [scheme, host] = source.split('://*.');
  return origin.startsWith(`${scheme}://`) && origin.endsWith(`.${host}`);
}

describe('toolkit files', () => {
  for (const file of TOOLKIT_FILES) {
    it(`${file} is on the Agents Toolkit's current yaml schema (${SCHEMA_VERSION})`, () => {
      const text = readText(file);
      assert.equal(text.split('\n')[0], `# yaml-language-server: $schema=${SCHEMA_URL}`);
      const project = parse(text);
      assert.equal(project.version, SCHEMA_VERSION);
      assert.equal(project.environmentFolderPath, './env');
      assert.doesNotMatch(text, /teamsapp (provision|deploy|publish)/, 'commands are atk ones now');
    });
  }

  it('wires the Playground environment as the toolkit expects: teamsapp.testtool.yml with env/.env.testtool', () => {
    const project = parse(readText('teamsapp.testtool.yml'));
    assert.equal(project.provision, undefined, 'the Playground environment creates nothing in the cloud');
    const envFile = project.deploy.find((step: { uses: string }) => step.uses === 'file/createOrUpdateEnvironmentFile');
    assert.equal(envFile.with.target, './.localConfigs.testtool');
    assert.equal(envFile.with.envs.BOT_ID, undefined, 'no bot id: bot authentication stays off against the Playground');
    const env = readText('env/.env.testtool');
    assert.match(env, /^TEAMSFX_ENV=testtool$/m);
    assert.match(env, /^BOT_ENDPOINT=http:\/\/localhost:3978\/api\/messages$/m);
    assert.ok(existsSync(path.join(repoRoot, '.m365agentsplayground.yml')));
  });

  it('deploys with atk in the README, and names the Teams Developer CLI for registration', () => {
    const readme = readText('README.md');
    assert.match(readme, /atk provision --env dev/);
    assert.match(readme, /atk deploy --env dev/);
    assert.match(readme, /@microsoft\/teams\.cli/);
    assert.doesNotMatch(readme, /teamsapp (provision|deploy|publish)/);
  });

  it('pre-authorises the SSO client id of every Microsoft 365 host the CSP lets frame the tab', () => {
    const manifest = JSON.parse(readText('aad.manifest.json'));
    const preAuthorised = manifest.preAuthorizedApplications.map((app: { appId: string }) => app.appId).sort();
    assert.deepEqual(preAuthorised, [...new Set(HOSTS.map((h) => h.clientId))].sort());
    for (const app of manifest.preAuthorizedApplications) {
      assert.deepEqual(app.permissionIds, ['${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}'], app.appId);
    }
    const ancestors = FRAME_ANCESTORS.filter((source) => source !== "'self'");
    for (const { host, framedBy } of HOSTS) {
      assert.ok(ancestors.some((source) => sourceMatches(source, framedBy)), `${host} (${framedBy}) may frame the tab`);
    }
    for (const source of ancestors.filter((s) => !s.includes('*'))) {
      assert.ok(HOSTS.some(({ framedBy }) => framedBy === source), `${source} belongs to a pre-authorised host`);
    }
  });
});
