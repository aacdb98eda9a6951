/**
 * Provides stripe-mock, Stripe's own mock of its API (it validates each request against Stripe's
 * OpenAPI spec and answers with fixture objects), for the payment tests. Tries in this order:
 *  1. `STRIPE_MOCK`, a path to the binary;
 *  2. `stripe-mock` on PATH;
 *  3. a copy built earlier into the user's cache folder, outside the clone so fresh clones and CI
 *     reuse it;
 *  4. a build with `go install` at a pinned version into that folder (a lock keeps parallel test
 *     processes from building it twice).
 *
 * Run as a script (`node scripts/lib/stripe-mock.ts`) it does the same and prints the path.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, findGo, goInstall, onPath, runs, type Log } from './go-tool.ts';

export const STRIPE_MOCK_VERSION = '0.203.0';
export const STRIPE_MOCK_MODULE = 'github.com/stripe/stripe-mock';

/** Where `go install` puts stripe-mock. */
export function stripeMockCacheDir(): string {
  return join(cacheRoot(), `stripe-mock-${STRIPE_MOCK_VERSION}`);
}

const works = (bin: string): boolean => runs(bin, '-version');

/** Builds stripe-mock into the cache folder, once. */
const buildWithGo = (go: string, log: Log): Promise<string> =>
  goInstall(go, { what: 'stripe-mock', module: STRIPE_MOCK_MODULE, version: STRIPE_MOCK_VERSION, dir: stripeMockCacheDir(), binary: 'stripe-mock', versionFlag: '-version' }, log);

/** The path of a working `stripe-mock` binary; builds it once when none is available. */
export async function resolveStripeMock(log: Log = () => {}): Promise<string> {
  const fromEnv = process.env.STRIPE_MOCK;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`STRIPE_MOCK=${fromEnv} does not exist`);
    if (!works(fromEnv)) throw new Error(`STRIPE_MOCK=${fromEnv} does not run (\`${fromEnv} -version\` failed)`);
    return fromEnv;
  }
  const tried: string[] = ['STRIPE_MOCK (unset)'];

  const path = onPath('stripe-mock');
  if (path && works(path)) return path;
  tried.push(path ? `${path} on PATH (does not run)` : '`stripe-mock` on PATH (none)');

  const built = join(stripeMockCacheDir(), 'stripe-mock');
  if (works(built)) return built;
  tried.push(`${built} (none)`);

  const go = findGo();
  if (go) {
    try {
      return await buildWithGo(go, log);
    } catch (err) {
      tried.push(`go install ${STRIPE_MOCK_MODULE}@v${STRIPE_MOCK_VERSION} (failed: ${(err as Error).message})`);
    }
  } else {
    tried.push('go install (no Go toolchain on PATH or in /usr/local/go)');
  }
  throw new Error(
    `No stripe-mock available. Tried: ${tried.join('; ')}. ` +
      `Install Go (https://go.dev/dl/) so it can be built, or build it yourself with \`go install ${STRIPE_MOCK_MODULE}@v${STRIPE_MOCK_VERSION}\` and set STRIPE_MOCK to the binary.`,
  );
}

if (import.meta.main) {
  try {
    console.log(await resolveStripeMock((m) => console.error(`[stripe-mock] ${m}`)));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
