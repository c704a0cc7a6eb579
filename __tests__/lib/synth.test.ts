/**
 * lib/synth.ts in-process: the process "dies" at every single filesystem step of a synth (every
 * later step fails too, as after a kill), and each time the output path holds a whole output, the
 * previous or the new one; the next run leaves only the output and what it points to. Plus: which
 * leftovers a run removes (only those of dead processes), and an output under missing directories.
 * The same with real processes killed at random points: synth-kill.test.ts.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthAtomically } from "../../lib/synth";

interface Fault {
  armed: boolean;
  /** Steps left before the crash. */
  countdown: number;
  crashed: boolean;
}
const fault: Fault = ((globalThis as Record<string, unknown>).__synthFault = { armed: false, countdown: 0, crashed: false });

// Every call that changes the filesystem, in this file and in lib/synth.ts, goes through here.
jest.mock("node:fs", () => {
  const real = jest.requireActual("node:fs");
  const mutating = ["renameSync", "symlinkSync", "rmSync", "writeFileSync", "mkdirSync", "linkSync", "unlinkSync", "rmdirSync", "cpSync"];
  const wrapped: Record<string, unknown> = { ...real };
  for (const name of mutating) {
    wrapped[name] = (...args: unknown[]) => {
      // Read at each call: the imports above run this factory before `fault` exists.
      const state = ((globalThis as Record<string, unknown>).__synthFault ?? { armed: false }) as Fault;
      if (state.armed && (state.crashed || state.countdown-- === 0)) {
        state.crashed = true;
        throw new Error(`killed before ${name}`);
      }
      return real[name](...args);
    };
  }
  return wrapped;
});

/** What a synth writes, tagged: the stack file first, the manifest last (as cdktf does). */
const writeOutput = (stamp: string) => (dir: string) => {
  fs.mkdirSync(path.join(dir, "stacks", "dev"), { recursive: true });
  fs.writeFileSync(path.join(dir, "stacks", "dev", "cdk.tf.json"), JSON.stringify({ stamp }));
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stamp, stacks: { dev: { synthesizedStackPath: "stacks/dev/cdk.tf.json" } } }));
};

/** The stamp of a whole output (manifest and every stack it lists parse, and agree), else why not. */
function wholeOutput(out: string): string {
  let manifest: { stamp: string; stacks: Record<string, { synthesizedStackPath: string }> };
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
  } catch (e) {
    return `not whole: ${(e as Error).message}`;
  }
  for (const stack of Object.values(manifest.stacks)) {
    const json = JSON.parse(fs.readFileSync(path.join(out, stack.synthesizedStackPath), "utf8")) as { stamp: string };
    if (json.stamp !== manifest.stamp) return `not whole: ${stack.synthesizedStackPath} is ${json.stamp}, the manifest ${manifest.stamp}`;
  }
  return manifest.stamp;
}

/** The output path and, if it is a link, what it points to: nothing else may be left. */
function onlyOutput(out: string): string[] {
  const link = fs.lstatSync(out).isSymbolicLink() ? [fs.readlinkSync(out)] : [];
  return [path.basename(out), ...link].sort();
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "synth-atomic-"));
});
afterEach(() => {
  Object.assign(fault, { armed: false, crashed: false });
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Kills the run at step 0, 1, 2, … until a run completes; returns how many steps a run has. */
function crashAtEveryStep(prepare: (out: string) => void, check: (out: string, step: number) => void): number {
  for (let step = 0; ; step++) {
    const dir = fs.mkdtempSync(path.join(tmp, "step-"));
    const out = path.join(dir, "cdktf.out");
    prepare(out);
    Object.assign(fault, { armed: true, countdown: step, crashed: false });
    let finished = true;
    try {
      synthAtomically(out, writeOutput("new"));
    } catch (e) {
      if (!fault.crashed) throw e;
      finished = false;
    }
    fault.armed = false;
    check(out, step);
    // The next run: a whole new output, and every leftover of the killed one gone.
    synthAtomically(out, writeOutput("next"));
    expect(wholeOutput(out)).toBe("next");
    expect(fs.readdirSync(dir).sort()).toEqual(onlyOutput(out));
    if (finished) return step;
  }
}

test("killed at any step, the output is the previous whole output or the new one; the next run cleans up", () => {
  const seen = new Set<string>();
  const steps = crashAtEveryStep(
    (out) => synthAtomically(out, writeOutput("old")),
    (out) => {
      const stamp = wholeOutput(out);
      expect(["old", "new"]).toContain(stamp);
      seen.add(stamp);
    },
  );
  expect(steps).toBeGreaterThan(4); // the writes, the link, the swap, the removals were each interrupted
  expect([...seen].sort()).toEqual(["new", "old"]);
});

test("a run killed while writing leaves the previous output and a directory that the next run removes", () => {
  const out = path.join(tmp, "cdktf.out");
  synthAtomically(out, writeOutput("old"));
  Object.assign(fault, { armed: true, countdown: 2, crashed: false }); // after the stack file, before the manifest
  expect(() => synthAtomically(out, writeOutput("new"))).toThrow(/killed/);
  fault.armed = false;
  expect(wholeOutput(out)).toBe("old");
  expect(fs.readdirSync(tmp).length).toBe(3); // the output, its target, the half-written one
  synthAtomically(out, writeOutput("next"));
  expect(fs.readdirSync(tmp).sort()).toEqual(onlyOutput(out));
});

test("the first run over a real cdktf.out directory (an earlier version's) moves it aside whole: the one window is between two renames", () => {
  const windows: number[] = [];
  crashAtEveryStep(
    (out) => {
      fs.mkdirSync(out);
      writeOutput("old")(out);
    },
    (out, step) => {
      if (fs.existsSync(out)) {
        expect(["old", "new"]).toContain(wholeOutput(out));
        return;
      }
      // Killed between moving the directory aside and renaming the link into its place.
      windows.push(step);
      const aside = fs.readdirSync(path.dirname(out)).filter((n) => n.endsWith("-migrated"));
      expect(aside.map((n) => wholeOutput(path.join(path.dirname(out), n)))).toEqual(["old"]);
    },
  );
  expect(windows).toHaveLength(1);
});

test("a failed synth removes only what it wrote; the previous output stays as it was", () => {
  const out = path.join(tmp, "cdktf.out");
  synthAtomically(out, writeOutput("old"));
  const before = fs.readdirSync(tmp).sort();
  expect(() =>
    synthAtomically(out, (dir) => {
      writeOutput("bad")(dir);
      throw new Error("policy failed");
    }),
  ).toThrow("policy failed");
  expect(fs.readdirSync(tmp).sort()).toEqual(before);
  expect(wholeOutput(out)).toBe("old");
});

test("removes the leftovers of dead processes (and of the earlier scheme), never a live process's directory", () => {
  const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
  const live = process.ppid; // jest's parent process, alive while this runs
  const out = path.join(tmp, "cdktf.out");
  const leftovers = [`.cdktf.out.${dead}-abc`, `.cdktf.out.${dead}-abc-link`, `cdktf.out.staging-${dead}`, `cdktf.out.previous-${dead}`, ".cdktf.out.lock.stale-" + dead];
  const kept = [`.cdktf.out.${live}-being-written`, `cdktf.out.staging-${live}`, "cdktf.out.json", "notes"];
  for (const name of [...leftovers, ...kept]) fs.mkdirSync(path.join(tmp, name));
  fs.writeFileSync(path.join(tmp, ".cdktf.out.lock"), String(dead)); // a killed run held the lock
  synthAtomically(out, writeOutput("new"));
  expect(fs.readdirSync(tmp).sort()).toEqual([...onlyOutput(out), ...kept].sort());
});

test("an output path under directories that do not exist yet is made", () => {
  const out = path.join(tmp, "a", "b", "cdktf.out");
  synthAtomically(out, writeOutput("new"));
  expect(wholeOutput(out)).toBe("new");
});
