/**
 * `npm run deploy -- <stack> [--release R] [--version V] [--env-file F] [--only NAME]... [--outputs F]
 * [--ssh-user U] [--ssh-option O]... [--dry-run]`: delivers a release and the app's settings to the
 * stack's Droplets over ssh, one Droplet at a time, stopping at the first failure. The logic is in
 * deploy/ (cli.ts parses, plan.ts decides, run.ts runs); docs/deploying-the-app.md.
 */
import { runCli } from "../deploy/cli";

runCli(process.argv.slice(2), process.env, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then((code) => {
  process.exitCode = code;
});
