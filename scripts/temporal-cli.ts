// `npm run temporal:cli`: prints the path of the Temporal CLI, building or fetching it first if
// needed, so it can be used directly, e.g. `$(npm run -s temporal:cli) workflow list`.
import { resolveTemporalCli } from './lib/temporal-cli.ts';

try {
  // Progress goes to stderr so stdout carries only the path.
  console.log(await resolveTemporalCli((m) => console.error(`[temporal-cli] ${m}`)));
} catch (err) {
  console.error(`[temporal-cli] ${(err as Error).message}`);
  process.exit(1);
}
