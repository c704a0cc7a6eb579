/**
 * `npm run deploy -- <stack> [--release R] [--version V] [--env-file F] [--only NAME]... [--outputs F]
 * [--ssh-user U] [--ssh-option O]... [--dry-run]`: delivers a release and the app's settings to the
 * stack's Droplets over ssh, one Droplet at a time, stopping at the first failure. The logic is in
 * deploy/ (plan.ts decides, run.ts runs); README: Deploying the app.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "../config/validate";
import { DeployError } from "../deploy/plan";
import { deploy } from "../deploy/run";
import { DEPLOY_USER } from "../runtimes/common";

const USAGE =
  "usage: npm run deploy -- <dev|staging|prod|dr> [--release FILE.tar.gz|IMAGE|TAG] [--version V] [--env-file FILE] [--only NAME]... [--outputs FILE] [--ssh-user USER] [--ssh-option KEY=VALUE]... [--dry-run]";

async function main(): Promise<boolean> {
  // A leading `--` lets package.json's script end with one, which stops Node from reading our
  // --env-file as its own (nodejs/node#54232: it exits 9 when that file is missing).
  const args = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: args[0] === "--" ? args.slice(1) : args,
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
    process.env,
    { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
  );
}

main().then(
  (ok) => {
    if (!ok) process.exitCode = 1;
  },
  (e: unknown) => {
    const usage = e instanceof Error && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS");
    if (!(e instanceof ConfigError) && !(e instanceof DeployError) && !usage) throw e;
    process.stderr.write(`${(e as Error).message}${usage || (e instanceof ConfigError && e.problems.some((p) => p.field === "stack")) ? `\n${USAGE}` : ""}\n`);
    process.exitCode = 1;
  },
);
