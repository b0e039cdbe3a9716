import { strict as assert } from 'assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { parse } from 'yaml';
import { checkDeployFolder, devPackagesIn } from '../../scripts/deploy-package.mjs';

const repoRoot = path.resolve(__dirname, '..', '..');
const readText = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

describe('lean deployment', () => {
  it('zip-deploys only the .deploy folder that package:deploy assembles after the build', () => {
    const steps = parse(readText('teamsapp.yml')).deploy as Array<{ uses: string; with: Record<string, string> }>;
    assert.deepEqual(
      steps.map((step) => step.with.args ?? step.uses),
      ['ci --no-audit --no-fund', 'run build', 'run package:deploy', 'azureAppService/zipDeploy'],
    );
    const zipDeploy = steps[3].with;
    assert.equal(zipDeploy.artifactFolder, './.deploy');
    assert.equal(zipDeploy.ignoreFile, undefined, 'the folder holds nothing to leave out');
  });

  it('starts on App Service from the zip without building', () => {
    const bicep = readText('infra/azure.bicep');
    assert.match(bicep, /appCommandLine: 'npm run start:server'/);
    assert.match(bicep, /WEBSITE_RUN_FROM_PACKAGE: '1'/);
    assert.match(bicep, /SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'/);
    const { scripts } = JSON.parse(readText('package.json'));
    assert.match(scripts['start:server'], /^node [^&|;]*dist\/src\/index\.js$/);
  });

  it('runs the server with one heap everywhere: App Service, npm start, and the feed bench that measures it', () => {
    const { scripts } = JSON.parse(readText('package.json'));
    const heapFlags = (command: string): string[] => command.match(/--max-(old|semi)-space-size=\d+/g) ?? [];
    const served = heapFlags(scripts['start:server']);
    assert.ok(served.some((flag) => flag.startsWith('--max-semi-space-size=')), 'a young generation sized for request garbage');
    assert.deepEqual(heapFlags(readText('scripts/start-local.mjs').match(/spawn\(process\.execPath, \[([^\]]*dist\/src\/index\.js)/)![1]), served, 'npm start');
    assert.ok(heapFlags(scripts['bench:feed']).includes(served.find((flag) => flag.startsWith('--max-semi-space-size='))!), 'bench:feed times the server with the young generation it runs with');
  });

  it('keeps what only the tab bundle needs out of the production dependencies', () => {
    const { dependencies } = JSON.parse(readText('package.json'));
    for (const tabOnly of ['react', 'react-dom', '@fluentui/react-components', '@microsoft/teams-js', 'adaptivecards']) {
      assert.equal(dependencies[tabOnly], undefined, `${tabOnly} is bundled into dist/tab at build time`);
    }
  });

  describe('the dev-dependency check', () => {
    let folder: string;
    beforeEach(() => {
      folder = mkdtempSync(path.join(os.tmpdir(), 'commons-deploy-'));
      const lock = {
        packages: {
          '': {},
          'node_modules/zod': { version: '3.25.76' },
          'node_modules/typescript': { version: '5.9.3', dev: true },
          'node_modules/@types/node': { version: '22.20.7', dev: true },
        },
      };
      writeFileSync(path.join(folder, 'package-lock.json'), JSON.stringify(lock));
      mkdirSync(path.join(folder, 'node_modules', 'zod'), { recursive: true });
    });
    afterEach(() => rmSync(folder, { recursive: true, force: true }));

    it('passes a folder holding production packages only', () => {
      assert.deepEqual(devPackagesIn(folder), []);
    });

    it('names every dev package that got in, scoped ones included', () => {
      mkdirSync(path.join(folder, 'node_modules', 'typescript'));
      mkdirSync(path.join(folder, 'node_modules', '@types', 'node'), { recursive: true });
      assert.deepEqual(devPackagesIn(folder).sort(), ['node_modules/@types/node', 'node_modules/typescript']);
    });

    // `npm run package:deploy` runs this check on the folder it assembles and fails the deploy on it.
    it('refuses a folder with a dev package, without the prebuilt tab or server, or with sources', () => {
      const built = (file: string) => {
        mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
        writeFileSync(path.join(folder, file), '');
      };
      assert.throws(() => checkDeployFolder(folder), /no prebuilt tab/);
      built('dist/tab/index.html');
      assert.throws(() => checkDeployFolder(folder), /no built server/);
      built('dist/src/index.js');
      checkDeployFolder(folder);
      mkdirSync(path.join(folder, 'src'));
      assert.throws(() => checkDeployFolder(folder), /carries src/);
      rmSync(path.join(folder, 'src'), { recursive: true });
      mkdirSync(path.join(folder, 'node_modules', 'typescript'));
      assert.throws(() => checkDeployFolder(folder), /dev dependencies in the deployment: node_modules\/typescript/);
    });
  });
});
