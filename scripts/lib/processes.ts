import { spawn, type ChildProcess } from 'node:child_process';

export interface Supervised {
  name: string;
  stop(): Promise<void>;
}

/**
 * Runs a Node script as a child process and restarts it when it crashes, with a growing delay
 * (1 s doubling to 30 s, reset after a minute of good health). Output is prefixed with its name.
 */
export function supervise(name: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; color: string; onLine?: (line: string) => void }): Supervised {
  let child: ChildProcess | null = null;
  let stopping = false;
  let delay = 1000;
  let startedAt = 0;
  const prefix = `${opts.color}${name.padEnd(8)}\x1b[0m│ `;
  const pipe = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
    let buf = '';
    stream?.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const line of lines) { out.write(prefix + line + '\n'); opts.onLine?.(line); }
    });
  };
  const start = () => {
    startedAt = Date.now();
    child = spawn(process.execPath, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    pipe(child.stdout, process.stdout);
    pipe(child.stderr, process.stderr);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt > 60_000) delay = 1000;
      process.stdout.write(`${prefix}exited (${signal ?? code}); restarting in ${delay / 1000} s\n`);
      setTimeout(start, delay);
      delay = Math.min(delay * 2, 30_000);
    });
  };
  start();
  return {
    name,
    async stop() {
      stopping = true;
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
        c.once('exit', () => { clearTimeout(t); resolve(); });
        c.kill('SIGTERM');
      });
    },
  };
}

/** Runs a command to completion, inheriting output; rejects on a non-zero exit. */
export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: 'inherit' });
    c.on('error', reject);
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}
