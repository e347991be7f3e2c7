/**
 * Run the REAL Pulumi CLI (built by scripts/e2e/build-pulumi.sh) offline: file:// backend,
 * passphrase secrets, no update check, no plugin downloads, an isolated PULUMI_HOME.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runBuildScript } from './real-server';

export async function findOrBuildPulumi(): Promise<string> {
  if (process.env.PULUMI_E2E_BIN_DIR) return process.env.PULUMI_E2E_BIN_DIR;
  return runBuildScript('build-pulumi.sh');
}

export interface PulumiWorkspace {
  binDir: string;
  home: string;
  backendDir: string;
  env: NodeJS.ProcessEnv;
  /** run `pulumi <args>` in cwd; rejects with stdout+stderr on a non-zero exit */
  run(args: string[], cwd: string, extraEnv?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }>;
}

export function pulumiWorkspace(binDir: string, passphrase = 'e2e-passphrase'): PulumiWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'pulumi-e2e-'));
  const home = join(root, 'home');
  const backendDir = join(root, 'state');
  // the file:// (DIY) backend does not create its folder: `pulumi login` fails with "stat ...: no such file"
  mkdirSync(backendDir, { recursive: true });
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // the CLI and language host first, then @pulumi/pulumi's pulumi-resource-pulumi-nodejs script
    PATH: [binDir, join(REPO_ROOT, 'node_modules', '@pulumi', 'pulumi'), process.env.PATH].join(':'),
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_DISABLE_REGISTRY_RESOLVE: 'true',
    PULUMI_SKIP_CONFIRMATIONS: 'true',
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'true',
    NO_COLOR: '1',
  };
  delete env.PULUMI_ACCESS_TOKEN;
  delete env.PULUMI_BACKEND_URL;
  const run = (args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) =>
    new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        join(binDir, 'pulumi'),
        args,
        { cwd, env: { ...env, ...extraEnv }, maxBuffer: 32 * 1024 * 1024, timeout: 5 * 60_000 },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`pulumi ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
          else resolve({ stdout, stderr });
        },
      );
    });
  return { binDir, home, backendDir, env, run };
}
