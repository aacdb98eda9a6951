/**
 * Offline checks of the deployment files, since no Docker engine runs here:
 *
 * - docker-compose.yml against the Compose Specification's JSON schema, as shipped by the
 *   `dclint` devDependency (node_modules/dclint/schemas/compose.schema.json: the compose-spec
 *   project's schema/compose-spec.json, draft-07, vendored by dclint 3.1.0; the version read from
 *   its package.json is in the test's title). A deliberately broken copy must fail it.
 * - what a reader would check by hand: health checks and `depends_on` conditions, required
 *   secrets as ${VAR:?message}, the rendered app environment, pinned images, the search attributes.
 * - Compose interpolation, with a small checker of our own (`${VAR}`, `${VAR:-x}`, `${VAR:?msg}`…).
 * - the Dockerfile: its stages, non-root USER, HEALTHCHECK, that everything it COPYs exists and is
 *   not excluded by .dockerignore, and that the runtime stage carries every file and production
 *   package the three entry points import.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { DCLinter } from 'dclint';
import { SEARCH_ATTRIBUTES } from '../scripts/lib/temporal-dev-server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const COMPOSE_SRC = readFileSync(COMPOSE_FILE, 'utf8');
const DOCKERFILE_SRC = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const DOCKERIGNORE_SRC = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// The compose-spec schema, from the package that ships it.
const require = createRequire(import.meta.url);
const DCLINT_DIR = dirname(require.resolve('dclint/package.json'));
const DCLINT_VERSION = (JSON.parse(readFileSync(join(DCLINT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
const COMPOSE_SCHEMA = JSON.parse(readFileSync(join(DCLINT_DIR, 'schemas/compose.schema.json'), 'utf8')) as Record<string, unknown>;

const REQUIRED_SECRETS = ['POSTGRES_PASSWORD', 'SESSION_SECRET', 'PUBLIC_URL', 'SMTP_URL'];
const ONE_SHOTS = ['migrate', 'temporal-search-attributes'];
const LONG_RUNNING = ['postgres', 'temporal', 'temporal-ui', 'app', 'worker'];
const ENV: Env = {
  POSTGRES_PASSWORD: 'pg-secret',
  SESSION_SECRET: 'x'.repeat(40),
  PUBLIC_URL: 'https://portal.example.com',
  SMTP_URL: 'smtps://user:pass@smtp.example.com:465',
};

// ---- Compose interpolation ----------------------------------------------------------------------

type Env = Record<string, string | undefined>;
interface InterpolationError { name: string; message: string }

// `$$` (an escaped `$`), `${NAME}`, `${NAME<op><arg>}` with op one of :- - :? ? :+ +, or `$NAME`.
const VARIABLE = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?|:\+|\+)([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Interpolates one value the way Compose does; missing required variables are pushed to `errors`. */
function interpolate(value: string, env: Env, errors: InterpolationError[]): string {
  return value.replace(VARIABLE, (whole: string, braced?: string, op?: string, arg = '', bare?: string) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare)!;
    const v = env[name];
    const set = v !== undefined;
    const nonEmpty = set && v !== '';
    switch (op) {
      case ':-': return nonEmpty ? v : arg;
      case '-': return set ? v : arg;
      case ':+': return nonEmpty ? arg : '';
      case '+': return set ? arg : '';
      case ':?':
      case '?':
        if (op === ':?' ? !nonEmpty : !set) errors.push({ name, message: arg || `required variable ${name} is missing a value` });
        return v ?? '';
      default: return v ?? '';
    }
  });
}

/** Every `${NAME…}` / `$NAME` reference in a value (escaped `$$` excluded), with its operator and argument. */
function references(value: string): { name: string; op: string | undefined; arg: string }[] {
  const out: { name: string; op: string | undefined; arg: string }[] = [];
  for (const m of value.matchAll(VARIABLE)) {
    if (m[0] === '$$') continue;
    out.push({ name: (m[1] ?? m[4])!, op: m[2], arg: m[3] ?? '' });
  }
  return out;
}

/** All string scalars of a document (comments are not part of it, unlike a raw-text search). */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node && typeof node === 'object') return Object.values(node).flatMap(strings);
  return [];
}

/** Interpolates every string value of a parsed Compose document (keys are not interpolated). */
function render(node: unknown, env: Env, errors: InterpolationError[]): unknown {
  if (typeof node === 'string') return interpolate(node, env, errors);
  if (Array.isArray(node)) return node.map((n) => render(n, env, errors));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, render(v, env, errors)]));
  return node;
}

// ---- Compose document -----------------------------------------------------------------------------

interface DependsOn { condition: string; required?: boolean }
interface Healthcheck { test?: string | string[]; disable?: boolean; interval?: string; start_period?: string }
interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: string[] | Record<string, DependsOn>;
  healthcheck?: Healthcheck;
  ports?: (string | Record<string, unknown>)[];
  volumes?: (string | Record<string, unknown>)[];
  restart?: string;
  [key: string]: unknown;
}
interface ComposeDoc { name?: string; services: Record<string, Service>; volumes?: Record<string, unknown>; [key: string]: unknown }

/** Parses YAML as Compose does: merge keys (`<<: *anchor`) on. */
const parseCompose = (src: string) => parse(src, { merge: true }) as ComposeDoc;
const RAW = parseCompose(COMPOSE_SRC);

function rendered(env: Env = ENV): { doc: ComposeDoc; errors: InterpolationError[] } {
  const errors: InterpolationError[] = [];
  const doc = render(parseCompose(COMPOSE_SRC), env, errors) as ComposeDoc;
  return { doc, errors };
}

function service(doc: ComposeDoc, name: string): Service {
  const s = doc.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
}

const dependsOn = (s: Service): Record<string, DependsOn> =>
  Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((n) => [n, { condition: 'service_started' }])) : (s.depends_on ?? {});
const hasHealthcheck = (s: Service) => !!s.healthcheck && s.healthcheck.disable !== true && !!s.healthcheck.test;
const commandText = (c: string | string[] | undefined) => (Array.isArray(c) ? c.join(' ') : (c ?? ''));

function validator() {
  // dclint's copy names its meta-schema with https and no '#'; Ajv knows draft-07 by its canonical id.
  expect(String(COMPOSE_SCHEMA.$schema)).toMatch(/draft-07/);
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile({ ...COMPOSE_SCHEMA, $schema: 'http://json-schema.org/draft-07/schema#' });
}
const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');

describe(`docker-compose.yml against the Compose Specification schema (dclint ${DCLINT_VERSION})`, () => {
  const validate = validator();

  it('is valid once rendered with the required variables', () => {
    const { doc, errors } = rendered();
    expect(errors).toEqual([]);
    const ok = validate(doc);
    expect(describeErrors(validate.errors)).toBe('');
    expect(ok).toBe(true);
  });

  it('rejects a depends_on with an unknown condition', () => {
    const { doc } = rendered();
    const broken = structuredClone(doc);
    (service(broken, 'app').depends_on as Record<string, DependsOn>).postgres = { condition: 'service_ready' };
    expect(validate(broken)).toBe(false);
    expect(describeErrors(validate.errors)).toContain('/services/app/depends_on/postgres/condition');
  });

  it('rejects a misspelled service key', () => {
    const broken = COMPOSE_SRC.replace(/^( {4})healthcheck:/m, '$1healtcheck:');
    expect(broken).not.toBe(COMPOSE_SRC);
    const errors: InterpolationError[] = [];
    expect(validate(render(parseCompose(broken), ENV, errors))).toBe(false);
    expect(describeErrors(validate.errors)).toContain('"additionalProperty":"healtcheck"');
  });

  it('rejects an unknown top-level key and a service that is not a mapping', () => {
    const { doc } = rendered();
    expect(validate({ ...doc, service: {} })).toBe(false);
    expect(validate({ ...doc, services: { ...doc.services, app: 'node web-api/main.ts' } })).toBe(false);
  });

  it("has no errors from dclint's rules (style warnings are left alone)", () => {
    const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
    // dclint's bundled .d.ts files use extensionless imports that NodeNext cannot follow: type the result here.
    const [result] = linter.lintFiles([COMPOSE_FILE], false) as { messages: { type: string; line: number; rule: string; message: string }[] }[];
    const errors = (result?.messages ?? []).filter((m) => m.type === 'error');
    expect(errors.map((m) => `${m.line}: ${m.rule}: ${m.message}`)).toEqual([]);
  });
});

describe('docker-compose.yml: services, health and start order', () => {
  const { doc } = rendered();

  it('has the services of the production stack', () => {
    expect(Object.keys(doc.services).sort()).toEqual([...LONG_RUNNING, ...ONE_SHOTS].sort());
    expect(doc.name).toBe('portico');
  });

  it('restarts long-running services and never one-shot ones', () => {
    for (const name of LONG_RUNNING) expect(service(doc, name).restart, name).toBe('unless-stopped');
    for (const name of ONE_SHOTS) expect(service(doc, name).restart, name).toBe('no');
  });

  it('gives every long-running service a health check; one-shot jobs are awaited to completion', () => {
    for (const name of LONG_RUNNING) expect(hasHealthcheck(service(doc, name)), `${name} has a healthcheck`).toBe(true);
    for (const name of ONE_SHOTS) {
      const awaitedBy = Object.entries(doc.services).filter(([, s]) => dependsOn(s)[name]);
      expect(awaitedBy.length, `something waits for ${name}`).toBeGreaterThan(0);
    }
  });

  it('waits on every dependency with the condition that fits it', () => {
    for (const [name, s] of Object.entries(doc.services)) {
      expect(Array.isArray(s.depends_on), `${name}: depends_on as a list only waits for "started"`).toBe(false);
      for (const [target, dep] of Object.entries(dependsOn(s))) {
        const t = service(doc, target);
        if (ONE_SHOTS.includes(target)) {
          expect(dep.condition, `${name} -> ${target}`).toBe('service_completed_successfully');
        } else {
          expect(dep.condition, `${name} -> ${target}`).toBe('service_healthy');
          expect(hasHealthcheck(t), `${target} has the healthcheck ${name} waits for`).toBe(true);
        }
      }
    }
  });

  it('starts app and worker after PostgreSQL and Temporal are healthy and the one-shot jobs succeeded', () => {
    for (const name of ['app', 'worker']) {
      const deps = dependsOn(service(doc, name));
      expect(deps.postgres?.condition, name).toBe('service_healthy');
      expect(deps.temporal?.condition, name).toBe('service_healthy');
      expect(deps.migrate?.condition, name).toBe('service_completed_successfully');
      expect(deps['temporal-search-attributes']?.condition, name).toBe('service_completed_successfully');
    }
    expect(dependsOn(service(doc, 'migrate')).postgres?.condition).toBe('service_healthy');
    expect(dependsOn(service(doc, 'temporal')).postgres?.condition).toBe('service_healthy');
    expect(dependsOn(service(doc, 'temporal-search-attributes')).temporal?.condition).toBe('service_healthy');
    expect(dependsOn(service(doc, 'temporal-ui')).temporal?.condition).toBe('service_healthy');
  });

  it('checks health the way each image allows', () => {
    expect(commandText(service(doc, 'postgres').healthcheck?.test)).toMatch(/pg_isready/);
    expect(commandText(service(doc, 'temporal').healthcheck?.test)).toMatch(/temporal operator cluster health --address temporal:7233/);
    expect(commandText(service(doc, 'app').healthcheck?.test)).toContain("fetch('http://127.0.0.1:3000/healthz'");
    expect(commandText(service(doc, 'worker').healthcheck?.test)).toContain('describeTaskQueue');
    expect(service(doc, 'migrate').healthcheck?.disable).toBe(true);
  });

  it('runs the three entry points from the one app image', () => {
    const image = service(doc, 'app').image;
    expect(image).toBeTruthy();
    const expected: Record<string, string> = { app: 'web-api/main.ts', worker: 'worker/main.ts', migrate: 'scripts/db-migrate.ts' };
    for (const [name, file] of Object.entries(expected)) {
      const s = service(doc, name);
      expect(s.image, name).toBe(image);
      expect(s.build, name).toEqual({ context: '.' });
      expect(s.command, name).toEqual(['node', file]);
      expect(existsSync(join(ROOT, file)), `${file} exists`).toBe(true);
    }
  });

  it('pins every third-party image to a version', () => {
    for (const [name, s] of Object.entries(doc.services)) {
      if (s.build) continue;
      expect(s.image, name).toMatch(/^[\w./-]+:(?!latest$)[\w.-]+$/);
    }
    // admin-tools must talk to the same server release.
    const server = service(doc, 'temporal').image!.split(':')[1]!;
    expect(service(doc, 'temporal').image).toMatch(/^temporalio\/auto-setup:/);
    expect(service(doc, 'temporal-search-attributes').image).toBe(`temporalio/admin-tools:${server}-tctl-1.18.4-cli-1.5.0`);
    expect(service(doc, 'temporal-ui').image).toMatch(/^temporalio\/ui:/);
    expect(service(doc, 'postgres').image).toBe('postgres:16');
  });

  it('runs Temporal on the PostgreSQL service', () => {
    const env = service(doc, 'temporal').environment!;
    expect(env).toMatchObject({ DB: 'postgres12', DB_PORT: 5432, POSTGRES_SEEDS: 'postgres', POSTGRES_USER: 'portico', POSTGRES_PWD: ENV.POSTGRES_PASSWORD });
    expect(service(doc, 'postgres').environment).toMatchObject({ POSTGRES_USER: 'portico', POSTGRES_DB: 'portico', POSTGRES_PASSWORD: ENV.POSTGRES_PASSWORD });
    expect(service(doc, 'temporal-ui').environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
  });

  it("registers each of the portal's search attributes as Keyword, idempotently", () => {
    const s = service(doc, 'temporal-search-attributes');
    const script = commandText(s.command);
    expect(commandText(s.entrypoint)).toMatch(/^\/bin\/sh -ec$/);
    expect(script).toContain('temporal operator search-attribute create --namespace default --name "$name" --type Keyword');
    expect(script).toContain('temporal operator search-attribute list --namespace default');
    const names = /for name in ([^;]+);/.exec(script)?.[1]?.trim().split(/\s+/);
    expect(names?.sort()).toEqual(Object.keys(SEARCH_ATTRIBUTES).sort());
    expect(new Set(Object.values(SEARCH_ATTRIBUTES))).toEqual(new Set(['Keyword']));
    expect(s.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
  });

  it('gives app and worker the environment they read', () => {
    const app = service(doc, 'app').environment!;
    expect(app).toEqual({
      NODE_ENV: 'production',
      DATABASE_URL: `postgresql://portico:${ENV.POSTGRES_PASSWORD}@postgres:5432/portico`,
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'portico',
      PORTICO_AUDIT_SIGNING_KEY: '',
      SESSION_SECRET: ENV.SESSION_SECRET,
      PUBLIC_URL: ENV.PUBLIC_URL,
      SMTP_URL: ENV.SMTP_URL,
      TRUST_PROXY: '1',
      PORT: 3000,
    });
    expect(rendered({ ...ENV, TRUST_PROXY: '2' }).doc.services.app?.environment?.TRUST_PROXY).toBe('2');
    const worker = service(doc, 'worker').environment!;
    expect(worker).toMatchObject({ NODE_ENV: 'production', DATABASE_URL: app.DATABASE_URL, TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: app.TEMPORAL_TASK_QUEUE, SMTP_URL: ENV.SMTP_URL });
    // The worker seals with keys this secret opens (unless PORTICO_AUDIT_SIGNING_KEY is set).
    expect(worker.SESSION_SECRET).toBe(ENV.SESSION_SECRET);
    expect(worker).toMatchObject({ PORTICO_SIGNING_P12: '', PORTICO_SIGNING_P12_PASSWORD: '' });
    expect(service(doc, 'migrate').environment).toMatchObject({ DATABASE_URL: app.DATABASE_URL });
  });

  it('keeps data in named volumes', () => {
    expect(Object.keys(doc.volumes ?? {}).sort()).toEqual(['pgdata', 'uploads']);
    expect(service(doc, 'postgres').volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(service(doc, 'app').volumes).toContain('uploads:/app/data');
  });

  it('publishes ports on loopback only (the reverse proxy and SSH tunnels are the way in)', () => {
    const published = Object.entries(doc.services).flatMap(([name, s]) => (s.ports ?? []).map((p) => [name, String(p)] as const));
    expect(published).toEqual([['temporal-ui', '127.0.0.1:8080:8080'], ['app', '127.0.0.1:3000:3000']]);
  });
});

describe('docker-compose.yml: required secrets and interpolation', () => {
  const refs = strings(RAW).flatMap(references);

  it('reads each required secret only as ${VAR:?message}', () => {
    for (const name of REQUIRED_SECRETS) {
      const uses = refs.filter((r) => r.name === name);
      expect(uses.length, `${name} is used`).toBeGreaterThan(0);
      for (const use of uses) {
        expect(use.op, `every use of ${name} is \${${name}:?…}`).toBe(':?');
        expect(use.arg, `${name} has a message`).toMatch(new RegExp(`\\b${name}\\b`));
      }
    }
  });

  it('requires exactly the secrets, and defaults everything else', () => {
    const required = new Set(refs.filter((r) => r.op === ':?' || r.op === '?').map((r) => r.name));
    expect([...required].sort()).toEqual([...REQUIRED_SECRETS].sort());
    const unguarded = refs.filter((r) => r.op === undefined);
    expect(unguarded, 'a bare ${VAR} would silently become empty').toEqual([]);
    expect(refs.filter((r) => r.name === 'TRUST_PROXY')).toEqual([{ name: 'TRUST_PROXY', op: ':-', arg: '1' }]);
  });

  it('renders with the required variables set and no error', () => {
    const { doc, errors } = rendered();
    expect(errors).toEqual([]);
    expect(strings(doc).some((s) => /\$\{/.test(s) && !s.includes('$name'))).toBe(false);
  });

  it('reports a missing or empty SESSION_SECRET with its message', () => {
    for (const value of [undefined, '']) {
      const { errors } = rendered({ ...ENV, SESSION_SECRET: value });
      // (Once for each service that reads it: the API and the worker.)
      expect(errors.map((e) => e.name)).toEqual(['SESSION_SECRET', 'SESSION_SECRET']);
      expect(errors[0]?.message).toMatch(/set SESSION_SECRET/);
    }
  });

  it('reports every missing secret when none is set', () => {
    const { errors } = rendered({});
    expect([...new Set(errors.map((e) => e.name))].sort()).toEqual([...REQUIRED_SECRETS].sort());
  });

  it('keeps $$ as a literal $ for the shell (not a Compose variable)', () => {
    const script = commandText(service(rendered().doc, 'temporal-search-attributes').command);
    expect(script).toContain('"$name"');
    expect(interpolate('a $$b ${X:-c} $X', { X: undefined }, [])).toBe('a $b c ');
  });
});

// ---- Dockerfile -------------------------------------------------------------------------------------

interface Instruction { cmd: string; args: string }
interface Stage { name: string; from: string; instructions: Instruction[] }

/** Splits a Dockerfile into instructions (continuations joined, comments dropped) and stages. */
function parseDockerfile(src: string): { globalArgs: Record<string, string>; stages: Stage[] } {
  const joined = src.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n').replace(/\\\n/g, ' ');
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of joined.split('\n')) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const cmd = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (cmd === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
      const from = f[1]!.replace(/\$\{(\w+)\}/g, (_, n: string) => globalArgs[n] ?? '');
      stages.push({ name: f[2] ?? String(stages.length), from, instructions: [] });
    } else if (stages.length === 0) {
      if (cmd === 'ARG') {
        const [k, v] = args.split('=');
        globalArgs[k!] = v ?? '';
      }
    } else {
      stages.at(-1)!.instructions.push({ cmd, args });
    }
  }
  return { globalArgs, stages };
}

/** COPY's flags, sources and destination; exec (JSON) form too. */
function parseCopy(args: string): { flags: Record<string, string>; sources: string[]; dest: string } {
  const words = args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
  const flags: Record<string, string> = {};
  while (words[0]?.startsWith('--')) {
    const [k, v] = words.shift()!.slice(2).split('=');
    flags[k!] = v ?? 'true';
  }
  const dest = words.pop()!;
  return { flags, sources: words, dest };
}

/** A shell command without its leading RUN flags (--mount=…). */
const runCommand = (args: string) => args.replace(/^(--\S+\s+)+/, '');

/** .dockerignore patterns (the plain subset this repository uses: names, dir/paths, `**`/name, globs). */
function ignored(path: string): boolean {
  const patterns = DOCKERIGNORE_SRC.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const toRegex = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '(.*/)?').replace(/\*/g, '[^/]*')}(/.*)?$`);
  let out = false;
  for (const p of patterns) {
    const negate = p.startsWith('!');
    if (toRegex(negate ? p.slice(1) : p).test(path)) out = !negate;
  }
  return out;
}

const DOCKERFILE = parseDockerfile(DOCKERFILE_SRC);
const stage = (name: string) => {
  const s = DOCKERFILE.stages.find((x) => x.name === name);
  if (!s) throw new Error(`Dockerfile has no stage "${name}"`);
  return s;
};
const runs = (s: Stage) => s.instructions.filter((i) => i.cmd === 'RUN').map((i) => runCommand(i.args));
const copies = (s: Stage) => s.instructions.filter((i) => i.cmd === 'COPY').map((i) => parseCopy(i.args));

/** Files and packages reached from an entry point through static and literal dynamic imports. */
function importClosure(entries: string[]): { files: Set<string>; packages: Map<string, string>; unresolved: string[] } {
  const files = new Set<string>();
  const packages = new Map<string, string>(); // package -> first importer
  const unresolved: string[] = [];
  const builtins = new Set(builtinModules);
  const IMPORT = /(?:^|[\n;])\s*(?:import|export)(\s+type)?\s+(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  const queue = entries.map((e) => join(ROOT, e));
  while (queue.length) {
    const file = queue.shift()!;
    if (files.has(file)) continue;
    files.add(file);
    if (!/\.(ts|js|mjs)$/.test(file)) continue;
    const src = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of src.matchAll(IMPORT)) {
      if (m[1]) continue; // `import type` / `export type`: erased
      const spec = (m[2] ?? m[3])!;
      const from = relative(ROOT, file);
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (existsSync(target) && statSync(target).isFile()) queue.push(target);
        else unresolved.push(`${from}: ${spec}`);
      } else if (!spec.startsWith('node:') && !spec.startsWith('#') && !builtins.has(spec)) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!packages.has(name)) packages.set(name, from);
      }
    }
  }
  return { files, packages, unresolved };
}

describe('Dockerfile', () => {
  const runtime = stage('runtime');

  it('builds in stages from node:24 bookworm-slim, pinned to the Node of package.json', () => {
    expect(DOCKERFILE.stages.map((s) => s.name)).toEqual(['deps', 'build', 'prod-deps', 'runtime']);
    expect(DOCKERFILE.globalArgs.NODE_VERSION).toBe(PKG.devDependencies.node);
    expect(DOCKERFILE.globalArgs.NODE_VERSION).toMatch(/^24\./);
    for (const name of ['deps', 'prod-deps', 'runtime']) expect(stage(name).from).toBe(`node:${PKG.devDependencies.node}-bookworm-slim`);
    expect(stage('build').from).toBe('deps');
  });

  it('installs from the lockfile, builds the UI, and keeps dev dependencies out of the runtime', () => {
    expect(runs(stage('deps'))).toContainEqual(expect.stringMatching(/^npm ci\b(?!.*--omit=dev)/));
    expect(runs(stage('build'))).toContainEqual(expect.stringMatching(/^npm run build:ui\b/));
    expect(PKG.scripts['build:ui']).toMatch(/vite build/);
    expect(runs(stage('prod-deps'))).toContainEqual(expect.stringMatching(/^npm ci --omit=dev\b/));
    for (const s of ['deps', 'prod-deps']) {
      expect(copies(stage(s))[0]?.sources, s).toEqual(['package.json', 'package-lock.json']);
    }
    const fromStages = copies(runtime).filter((c) => c.flags.from);
    expect(fromStages).toContainEqual({ flags: { from: 'prod-deps' }, sources: ['/app/node_modules'], dest: './node_modules' });
    expect(fromStages).toContainEqual({ flags: { from: 'build' }, sources: ['/app/ui/build'], dest: './ui/build' });
    expect(fromStages.filter((c) => c.flags.from === 'deps'), 'nothing from the dev-dependency stage').toEqual([]);
  });

  it('runs as the non-root user node, in production mode, with a health check', () => {
    const users = runtime.instructions.filter((i) => i.cmd === 'USER').map((i) => i.args);
    expect(users.at(-1)).toBe('node');
    const env = runtime.instructions.filter((i) => i.cmd === 'ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    const health = runtime.instructions.filter((i) => i.cmd === 'HEALTHCHECK').map((i) => i.args);
    expect(health).toHaveLength(1);
    expect(health[0]).toContain("fetch('http://127.0.0.1:3000/healthz'");
    expect(health[0]).toMatch(/CMD \["node", "-e",/);
    const cmd = runtime.instructions.filter((i) => i.cmd === 'CMD').map((i) => JSON.parse(i.args) as string[]);
    expect(cmd.at(-1)).toEqual(['node', 'web-api/main.ts']);
    expect(runs(runtime).join('\n')).toMatch(/chown node:node \/app\/data/);
  });

  it('COPYs only paths that exist and that .dockerignore lets through', () => {
    const sources = DOCKERFILE.stages.flatMap((s) => copies(s)).filter((c) => !c.flags.from).flatMap((c) => c.sources).filter((p) => p !== '.');
    expect(sources.length).toBeGreaterThan(0);
    for (const p of sources) {
      expect(existsSync(join(ROOT, p)), `${p} exists`).toBe(true);
      expect(ignored(p), `${p} is not in .dockerignore`).toBe(false);
    }
  });

  it('leaves local state out of the build context', () => {
    for (const p of ['node_modules', 'ui/node_modules', 'data', 'ui/build', 'ui/.svelte-kit', '.git', 'test-results', '.env']) {
      expect(ignored(p), p).toBe(true);
    }
    for (const p of ['package.json', 'web-api/main.ts', 'ui/vite.config.ts', 'db/migrations']) expect(ignored(p), p).toBe(false);
  });

  it('carries every file and production package the entry points import', () => {
    const copied = copies(runtime).filter((c) => !c.flags.from).flatMap((c) => c.sources);
    // The three commands, and the workflow code the worker bundles at start.
    const entries = ['web-api/main.ts', 'worker/main.ts', 'scripts/db-migrate.ts', 'workflows/index.ts'];
    for (const e of entries) expect(existsSync(join(ROOT, e)), `${e} exists`).toBe(true);
    const { files, packages, unresolved } = importClosure(entries);
    expect(unresolved).toEqual([]);
    const missing = [...files].map((f) => relative(ROOT, f)).filter((f) => !copied.some((c) => f === c || f.startsWith(c + sep)));
    expect(missing, 'files the runtime stage does not copy').toEqual([]);
    const notProduction = [...packages].filter(([name]) => !(name in PKG.dependencies)).map(([name, from]) => `${name} (imported by ${from})`);
    expect(notProduction, 'packages missing from "dependencies" (npm ci --omit=dev drops them)').toEqual([]);
    expect(packages.has('@temporalio/worker')).toBe(true);
  });
});
