/**
 * Child processes for the validator: one-shot commands with their output (stdout and stderr
 * interleaved, as a person would see them) and daemons in their own process group, which are
 * always killed as a group — by stop(), and by stopAll() when the validator exits.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface Ran {
  /** Exit code, or null when killed by a signal or not started. */
  readonly code: number | null;
  readonly output: string;
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** Written to the command's stdin (which is closed otherwise). */
  readonly input?: string | Buffer;
}

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: the daemon and whatever it forked
  } catch {
    // already gone
  }
}

function spawnGroup(cmd: string, args: readonly string[], options: RunOptions): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
  live.add(child);
  if (options.input !== undefined) {
    child.stdin!.on("error", () => undefined); // a command may exit before reading it all: its exit code tells
    child.stdin!.end(options.input);
  }
  const chunks: Buffer[] = [];
  child.stdout!.on("data", (c: Buffer) => chunks.push(c));
  child.stderr!.on("data", (c: Buffer) => chunks.push(c));
  const exited = new Promise<number | null>((resolve) => {
    child.on("error", (e) => {
      chunks.push(Buffer.from(`${cmd}: ${e.message}\n`));
      live.delete(child);
      resolve(null);
    });
    child.on("close", (code) => {
      live.delete(child);
      resolve(code);
    });
  });
  return { child, output: () => Buffer.concat(chunks).toString("utf8"), exited };
}

/** Runs a command to completion (killed, with its group, after timeoutMs; default 120 s). */
export async function run(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<Ran> {
  const { child, output, exited } = spawnGroup(cmd, args, options);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child, "SIGKILL");
  }, options.timeoutMs ?? 120_000);
  const code = await exited;
  clearTimeout(timer);
  return { code: timedOut ? null : code, output: output() + (timedOut ? `\n(killed after ${options.timeoutMs ?? 120_000} ms)\n` : ""), timedOut };
}

export interface Daemon {
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with the exit code when it exits (null: signal or failed to start). */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** Its process id (undefined if it did not start). */
  pid(): number | undefined;
  /** Leaves it running when the validator exits (stopAll skips it). */
  keep(): void;
  /** SIGTERM to the group, SIGKILL after graceMs; resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
}

export function startDaemon(cmd: string, args: readonly string[], options: RunOptions = {}): Daemon {
  const { child, output, exited } = spawnGroup(cmd, args, options);
  let done = false;
  void exited.then(() => (done = true));
  return {
    output,
    exited,
    hasExited: () => done,
    pid: () => child.pid,
    keep: () => void live.delete(child),
    async stop(graceMs = 3000) {
      if (done) return;
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Kills every process group still running (on exit, on SIGINT/SIGTERM). */
export function stopAll(): void {
  for (const child of live) killGroup(child, "SIGKILL");
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `ready` every 50 ms until it is true, `failed` is true, or timeoutMs passed. */
export async function waitFor(ready: () => boolean | Promise<boolean>, timeoutMs: number, failed: () => boolean = () => false): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await ready()) return true;
    if (failed() || Date.now() > end) return false;
    await sleep(50);
  }
}
