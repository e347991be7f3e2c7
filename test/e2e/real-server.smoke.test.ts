// Smoke tests of the foundation of the real end-to-end suite: the REAL Woodpecker server and the REAL
// Pulumi CLI, both built from the Go module proxy by scripts/e2e/*.sh (or found in the cache).
// A piece that cannot be built FAILS here with the build log tail; nothing is skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startRealServer, RealServer, REPO_ROOT } from '../../scripts/e2e/real-server';
import { findOrBuildPulumi, preparePolicyPack, pulumiWorkspace, PulumiWorkspace } from '../../scripts/e2e/pulumi-cli';

describe('real Pulumi CLI, offline', () => {
  let ws: PulumiWorkspace;
  let project: string;

  beforeAll(async () => {
    ws = pulumiWorkspace(await findOrBuildPulumi());
    project = join(ws.home, '..', 'project');
    mkdirSync(project, { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(project, 'node_modules'));
    writeFileSync(join(project, 'Pulumi.yaml'), 'name: e2e-smoke\nruntime: nodejs\n');
    writeFileSync(join(project, 'package.json'), '{"name":"e2e-smoke","main":"index.js"}\n');
    writeFileSync(
      join(project, 'index.js'),
      `const pulumi = require("@pulumi/pulumi");
const provider = {
  async create(inputs) { return { id: "thing-" + inputs.name, outs: { ...inputs, made: true } }; },
  async delete() {},
};
class Thing extends pulumi.dynamic.Resource {
  constructor(name, args, opts) { super(provider, name, { made: undefined, ...args }, opts); }
}
const t = new Thing("t1", { name: process.env.THING_NAME || "hello" });
exports.made = t.made;
exports.thingId = t.id;
`,
    );
  });

  it('`pulumi version` prints the stamped version', async () => {
    const { stdout } = await ws.run(['version'], project);
    expect(stdout.trim()).toMatch(/^v3\.\d+\.\d+/);
  });

  it('logs in to a file:// backend and inits a passphrase stack without network', async () => {
    await ws.run(['login', `file://${ws.backendDir}`], project);
    await ws.run(['stack', 'init', 'dev', '--non-interactive'], project);
    const { stdout } = await ws.run(['stack', 'ls', '--json'], project);
    expect(JSON.parse(stdout).map((s: { name: string }) => s.name)).toContain('dev');
  });

  it('runs `pulumi up` and `destroy` of a dynamic-provider program through the language host', async () => {
    await ws.run(['up', '--yes', '--non-interactive', '--skip-preview', '--stack', 'dev'], project);
    const { stdout } = await ws.run(['stack', 'output', '--json', '--stack', 'dev'], project);
    expect(JSON.parse(stdout)).toEqual({ made: true, thingId: 'thing-hello' });
    await ws.run(['destroy', '--yes', '--non-interactive', '--skip-preview', '--stack', 'dev'], project);
  });

  it('enforces a mandatory Node policy pack on preview', async () => {
    const pack = join(ws.home, '..', 'policy');
    mkdirSync(pack, { recursive: true });
    writeFileSync(join(pack, 'PulumiPolicy.yaml'), 'runtime: nodejs\n');
    writeFileSync(join(pack, 'package.json'), '{"name":"e2e-policy","version":"0.0.1","main":"index.js"}\n');
    writeFileSync(
      join(pack, 'index.js'),
      `const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("e2e-policy", { policies: [{
  name: "no-forbidden-name", description: "no resource input named forbidden", enforcementLevel: "mandatory",
  validateResource: (args, report) => { if (args.props && args.props.name === "forbidden") report("name is forbidden"); },
}] });
`,
    );
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(pack, 'node_modules'));
    const usable = preparePolicyPack(ws.binDir, pack);
    const preview = (name: string) =>
      ws.run(['preview', '--non-interactive', '--stack', 'dev', '--policy-pack', usable], project, { THING_NAME: name });
    await expect(preview('fine')).resolves.toBeDefined();
    await expect(preview('forbidden')).rejects.toThrow(/name is forbidden/);
  });
});

describe('real Woodpecker server against the fake Gitea', () => {
  let s: RealServer;
  // A server that cannot be built or started must fail every test here, loudly, not skip them.
  let startError: unknown;
  const server = () => {
    if (startError) throw startError;
    return s;
  };
  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${server().url}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
    });

  beforeAll(async () => {
    try {
      s = await startRealServer();
    } catch (err) {
      startError = err;
    }
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('GET /version is at the root', async () => {
    const r = await fetch(`${server().url}/version`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ version: expect.any(String) });
  });

  it('GET /api/user with the admin token', async () => {
    const r = await api('/api/user', server().adminToken);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ login: 'alice', admin: true });
  });

  it('the non-admin token gets 403 on GET /api/users', async () => {
    expect((await api('/api/user', server().userToken)).status).toBe(200);
    const r = await api('/api/users', server().userToken);
    expect(r.status).toBe(403);
  });

  it('activates a fake-Gitea repo, then creates and lists a repo secret', async () => {
    const r = await api('/api/repos?forge_remote_id=42', server().adminToken, { method: 'POST' });
    const repo = await r.json();
    expect(r.status, JSON.stringify(repo)).toBe(200);
    expect(repo).toMatchObject({ full_name: 'alice/demo', forge_remote_id: '42', active: true });
    expect(server().gitea.hooks.get('alice/demo')?.length).toBe(1);

    const c = await api(`/api/repos/${repo.id}/secrets`, server().adminToken, {
      method: 'POST',
      body: JSON.stringify({ name: 'smoke_secret', value: 's3cr3t', events: ['push'] }),
    });
    expect(c.status).toBe(200);
    const list = await (await api(`/api/repos/${repo.id}/secrets`, server().adminToken)).json();
    expect(list.map((x: { name: string }) => x.name)).toContain('smoke_secret');
    expect(JSON.stringify(list)).not.toContain('s3cr3t');
  });

  it('an unknown /api route answers 200 text/html (the UI fallback)', async () => {
    const r = await api('/api/definitely-not-a-route', server().adminToken);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('made no forge call the fake Gitea lacks', () => {
    expect(server().gitea.unhandled).toEqual([]);
  });
});
