/**
 * Writes the synthesized stacks so that `cdktf.out` is always a whole output: the previous one or
 * the new one, never a missing or half-written directory, even when the process is killed.
 *
 * `cdktf.out` is a symbolic link to a sibling directory `.cdktf.out.<pid>-<id>`. A run writes a new
 * such directory, then points the link at it with one rename of a new link over the old one
 * (rename is atomic on POSIX: every reader sees the old target or the new one), then removes what no
 * link points to. The versions are siblings of `cdktf.out`, not deeper, because paths in the stacks
 * are relative to the directory terraform runs in, which is the link's target (the bootstrap
 * stack's `../../../terraform.bootstrap.tfstate` must still land in the project root).
 *
 * A failed synth (bad config, a policy violation) removes only its own new directory: the previous
 * output stays exactly as it was. A killed run leaves its directory behind; the next successful run
 * removes it, and the directories of runs from before this scheme (`cdktf.out.staging-<pid>`,
 * `cdktf.out.previous-<pid>`). A directory whose process is still alive is never removed (another
 * synth may be writing it); the swap and the removal run under a lock file, so two synths never
 * remove each other's fresh output. Both rely on process ids, so synths that share an output
 * directory must run on the same machine (the same pid namespace).
 *
 * The first run over a real `cdktf.out` directory (made by an earlier version) has one step that
 * cannot be atomic: the directory is renamed aside, then the link renamed into its place. Between
 * those two renames (microseconds, once) `cdktf.out` does not exist; the old output is whole under
 * `.cdktf.out.<pid>-<id>-migrated` until that run ends.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export function synthAtomically(outdir: string, synth: (dir: string) => void): void {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  // CDKTF_OUTDIR under a directory that does not exist yet: made, as cdktf makes its outdir.
  fs.mkdirSync(parent, { recursive: true });
  const id = `${process.pid}-${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const version = path.join(parent, `.${base}.${id}`);
  try {
    synth(version);
  } catch (e) {
    fs.rmSync(version, { recursive: true, force: true });
    throw e;
  }
  withLock(path.join(parent, `.${base}.lock`), () => {
    const link = path.join(parent, `.${base}.${id}-link`);
    fs.symlinkSync(path.basename(version), link);
    const existing = lstat(target);
    if (existing?.isDirectory()) fs.renameSync(target, path.join(parent, `.${base}.${id}-migrated`));
    fs.renameSync(link, target);
    removeLeftovers(parent, base);
  });
}

function lstat(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The pid that owns a sibling of `<base>`, for the names this module (and its previous version)
 * makes; undefined for anything else, which is never touched.
 */
function ownerOf(name: string, base: string): number | undefined {
  const m = new RegExp(`^\\.${escape(base)}\\.(?:lock\\.stale-)?(\\d+)(?:-|$)`).exec(name) ?? new RegExp(`^${escape(base)}\\.(?:staging|previous)-(\\d+)$`).exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Removes every version no link points to whose process is gone (or is this one, which writes no other now). */
function removeLeftovers(parent: string, base: string): void {
  const target = path.join(parent, base);
  const current = lstat(target)?.isSymbolicLink() ? path.basename(fs.readlinkSync(target)) : undefined;
  for (const name of fs.readdirSync(parent)) {
    const pid = ownerOf(name, base);
    if (pid === undefined || name === current) continue;
    if (pid === process.pid || !isAlive(pid)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

const LOCK_WAIT_MS = 30_000;

/** Runs `f` holding `lock` (a file holding the holder's pid); a lock whose holder died is taken over. */
function withLock(lock: string, f: () => void): void {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = readHolder(lock);
    // This process holds no lock while it waits for one (all of this is synchronous): a lock in
    // its own name was left by an earlier call that threw half-way, and is as stale as a dead one.
    if (holder === 0 || holder === process.pid || (holder !== undefined && !isAlive(holder))) {
      takeOver(lock, holder);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`synth: ${lock} has been held by process ${holder ?? "(unknown)"} for ${LOCK_WAIT_MS / 1000} s; if no synth is running, remove the file`);
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  try {
    f();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** The pid in the lock file; one just created and not yet written counts as held for a few seconds, then as dead (0). */
function readHolder(lock: string): number | undefined {
  try {
    const text = fs.readFileSync(lock, "utf8");
    if (/^\d+$/.test(text)) return Number(text);
    return Date.now() - fs.statSync(lock).mtimeMs > 5_000 ? 0 : undefined;
  } catch {
    return undefined; // gone meanwhile: try again
  }
}

/** Moves a dead holder's lock aside (one rename, so two runs cannot both take it); puts back a live one taken by mistake. */
function takeOver(lock: string, holder: number): void {
  const aside = `${lock}.stale-${process.pid}`;
  try {
    fs.renameSync(lock, aside);
  } catch {
    return; // someone else moved it first
  }
  if (readHolder(aside) !== holder) {
    try {
      fs.linkSync(aside, lock);
    } catch {
      // a third run holds the lock now; the one we moved finishes on its own
    }
  }
  fs.rmSync(aside, { force: true });
}
