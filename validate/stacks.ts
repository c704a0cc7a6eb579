/**
 * The stacks to validate: synthesized now from the selection (PLATFORM_* variables, positional
 * stacks) into a temp dir, or read from an existing synth output (--dir). Each stack's
 * `"//".platform` record names it (`<app>/<stack>`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { BOOTSTRAP_STACK, STACK_NAMES } from "../config/types";
import { ConfigError } from "../config/validate";
import { parseSelectedStacks, readSelection, resolveSelection } from "../config/selection";
import { makeTempDir, removeTempDir } from "./sandbox";

export type Json = Record<string, any>;

export interface StackDoc {
  /** An environment, or `bootstrap` (from a hand-off bundle). */
  readonly stack: string;
  /** `<app>/<stack>`, for the report. */
  readonly label: string;
  readonly app: string;
  /** The cdk.tf.json it was read from. */
  readonly file: string;
  readonly json: Json;
}

/** What the stack's top-level `"//"` records (app, stack, budgetUsd; healthPath and runtime where present). */
export function platformRecord(json: Json): Json {
  return (json["//"]?.platform ?? {}) as Json;
}

function readStack(stack: string, file: string): StackDoc {
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
  const recorded = platformRecord(json);
  if (typeof recorded.app !== "string") {
    throw new ConfigError([{ where: "validate", field: "--dir", value: file, allowed: "a stack synthesized by this version (its top-level // records the app)" }]);
  }
  return { stack, app: recorded.app, label: `${recorded.app}/${stack}`, file, json };
}

/** Positional stack names (they take the place of PLATFORM_STACKS); unknown names are a ConfigError. */
export function requestedStacks(positionals: readonly string[], env: NodeJS.ProcessEnv): string[] | undefined {
  if (positionals.length === 0 && env.PLATFORM_STACKS === undefined) return undefined;
  const { stacks, bootstrap } = positionals.length > 0 ? parseSelectedStacks(positionals.join(","), "the stack arguments") : parseSelectedStacks(env.PLATFORM_STACKS);
  return [...stacks, ...(bootstrap ? [BOOTSTRAP_STACK] : [])];
}

/** Stacks of an earlier synth; the folder may hold only some stacks (those present are taken unless stacks are named). */
export function fromDir(dir: string, requested: string[] | undefined): StackDoc[] {
  // A hand-off bundle (npm run handoff): one stack's cdk.tf.json, which names its stack.
  const single = path.join(dir, "cdk.tf.json");
  if (fs.existsSync(single)) {
    const stack = String(platformRecord(JSON.parse(fs.readFileSync(single, "utf8")) as Json).stack ?? "");
    if (requested && !(requested as string[]).includes(stack)) {
      throw new ConfigError([{ where: "validate", field: "--dir", value: dir, allowed: `a bundle of a selected stack (${requested.join(", ")}); this one holds ${stack || "an unnamed stack"}` }]);
    }
    return [readStack(stack, single)];
  }
  const file = (s: string) => path.join(dir, "stacks", s, "cdk.tf.json");
  const stacks = requested ?? [...STACK_NAMES, BOOTSTRAP_STACK].filter((s) => fs.existsSync(file(s)));
  const problems = stacks
    .filter((s) => !fs.existsSync(file(s)))
    .map((s) => ({ where: "validate", field: "--dir", value: file(s), allowed: "a synth output holding every selected stack (run npm run synth, or name the stacks it holds)" }));
  if (stacks.length === 0) problems.push({ where: "validate", field: "--dir", value: dir, allowed: "a directory written by npm run synth (with stacks/<stack>/cdk.tf.json), or a hand-off bundle (with cdk.tf.json)" });
  if (problems.length > 0) throw new ConfigError(problems);
  return stacks.map((s) => readStack(s, file(s)));
}

/** Validates the selection (ConfigError before cdktf is loaded), then synthesizes it into a temp dir. */
export function prepareSelection(positionals: readonly string[], env: NodeJS.ProcessEnv): () => { docs: StackDoc[]; cleanup: () => void } {
  const selection = readSelection(env, positionals);
  const envs = resolveSelection(selection);
  return () => {
    const dir = makeTempDir("synth");
    try {
      // Loaded only here, so bad input is reported without loading cdktf.
      const { synthPlatform } = require("../lib/synth-platform") as typeof import("../lib/synth-platform");
      synthPlatform(dir, selection.platform, envs, selection.stacks, { bootstrap: selection.bootstrap });
      const names = [...selection.stacks, ...(selection.bootstrap ? [BOOTSTRAP_STACK] : [])];
      return { docs: fromDir(dir, names), cleanup: () => removeTempDir(dir) };
    } catch (e) {
      removeTempDir(dir);
      throw e;
    }
  };
}
