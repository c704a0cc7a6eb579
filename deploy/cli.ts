/**
 * The command line of `npm run deploy` (scripts/deploy.ts is its thin entry point): parses the
 * arguments, runs the deploy, and turns bad input into a message and exit code 1. Runs in-process
 * for tests; every program it starts gets `env`, never this process's environment.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "../config/validate";
import { DEPLOY_USER } from "../runtimes/common";
import { DeployError } from "./plan";
import { deploy, type Io } from "./run";

export const USAGE =
  "usage: npm run deploy -- <dev|staging|prod|dr> [--release FILE.tar.gz|IMAGE|TAG] [--version V] [--env-file FILE] [--only NAME]... [--outputs FILE] [--ssh-user USER] [--ssh-option KEY=VALUE]... [--dry-run]";

/** Exit code of `npm run deploy` with these arguments (after the script's name). */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  try {
    return (await main(argv, env, io)) ? 0 : 1;
  } catch (e) {
    // Duck-typed: Node's own errors come from another realm under jest, where instanceof Error fails.
    const usage = typeof e === "object" && e !== null && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS");
    if (!(e instanceof ConfigError) && !(e instanceof DeployError) && !usage) throw e;
    io.err(`${(e as Error).message}${usage || (e instanceof ConfigError && e.problems.some((p) => p.field === "stack")) ? `\n${USAGE}` : ""}\n`);
    return 1;
  }
}

function main(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<boolean> {
  // A leading `--` lets package.json's script end with one, which stops Node from reading our
  // --env-file as its own (nodejs/node#54232: it exits 9 when that file is missing).
  const { values, positionals } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      release: { type: "string" },
      version: { type: "string" },
      "env-file": { type: "string" },
      only: { type: "string", multiple: true, default: [] },
      outputs: { type: "string" },
      "ssh-user": { type: "string", default: DEPLOY_USER },
      "ssh-option": { type: "string", multiple: true, default: [] },
      "dry-run": { type: "boolean", default: false },
    },
  });
  if (positionals.length > 1) {
    throw new ConfigError([{ where: "deploy", field: "stack", value: positionals.join(" "), allowed: "one stack per deploy: dev, staging, prod or dr" }]);
  }
  return deploy(
    {
      stack: positionals[0],
      release: values.release,
      version: values.version,
      envFile: values["env-file"],
      only: values.only,
      outputs: values.outputs,
      sshUser: values["ssh-user"],
      sshOptions: values["ssh-option"],
      dryRun: values["dry-run"],
    },
    env,
    io,
  );
}
