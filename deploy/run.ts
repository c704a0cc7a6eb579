/**
 * `npm run deploy` with its side effects: reads the release, the secrets file and the stack's
 * Terraform outputs, builds the plan (`plan.ts`), then runs it over ssh one call at a time, or only
 * prints it (--dry-run). A failing call stops the rollout at once. Setting values travel on ssh's
 * stdin only; what is printed names keys, never values, and what the Droplets print back is redacted.
 */
import { isAppPlatform } from "../config/types";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { STACK_NAMES, type StackName } from "../config/types";
import { ConfigError, type Problem } from "../config/validate";
import { readSelection } from "../config/selection";
import { runtimeOf } from "../runtimes";
import { backupEnvironment, renderBackupEnvironment, type BackupSettings } from "../runtimes/backup";
import { layout } from "../runtimes/common";
import { DEPLOY_PROTOCOL } from "../runtimes/deploy";
import type { InfraSettings } from "../runtimes/types";
import { errorReport } from "../lib/terraform-diagnostics";
import { appPlatformRefusal, isAppPlatformSelection, outputsAreAppPlatform, synthesizedCompute } from "./app-platform";
import { readOutputs } from "./outputs";
import { commandLine, DeployError, mergeSettings, parseSecrets, planDeploy, protocolProblem, redactor, releaseOf, selectServers, sshArgv, type Call, type Plan, type Release, type SshSettings } from "./plan";

export interface DeployOptions {
  readonly stack: string | undefined;
  readonly release?: string | undefined;
  readonly version?: string | undefined;
  readonly envFile?: string | undefined;
  readonly only: readonly string[];
  readonly outputs?: string | undefined;
  readonly sshUser: string;
  readonly sshOptions: readonly string[];
  readonly dryRun: boolean;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const GZIP_MAGIC = [0x1f, 0x8b];

function archiveProblems(file: string): Problem[] {
  const problem = (allowed: string): Problem[] => [{ where: "deploy", field: "--release", value: file, allowed }];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return problem("an existing .tar.gz of the app's root (no such file)");
  }
  if (!stat.isFile()) return problem("a .tar.gz file (this is not a file)");
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, head, 0, 2, 0);
  } finally {
    fs.closeSync(fd);
  }
  return GZIP_MAGIC.every((b, i) => head[i] === b) ? [] : problem("a gzip-compressed tar (tar -czf): this file does not start with gzip's magic bytes");
}

function secretsOf(file: string | undefined): { secrets: Record<string, string>; problems: Problem[] } {
  if (file === undefined) return { secrets: {}, problems: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return { secrets: {}, problems: [{ where: "deploy", field: "--env-file", value: file, allowed: "a readable file of KEY=value lines (the app's own secrets)" }] };
  }
  return parseSecrets(text, file);
}

/**
 * `terraform output -json` of the stack, run in its synthesized directory. On failure, Terraform's
 * errors whole (summary and detail: the cause, e.g. "Backend initialization required … Reason:
 * Initial configuration of the requested backend "s3""), not a tail cut mid-sentence.
 */
function terraformOutputs(stack: StackName, outdir: string, hint: string, env: NodeJS.ProcessEnv): unknown {
  const dir = path.join(outdir, "stacks", stack);
  if (!fs.existsSync(dir)) throw new DeployError(`no synthesized stack in ${dir}: run npm run synth, then terraform init in that directory; ${hint}`);
  const result = spawnSync("terraform", [`-chdir=${dir}`, "output", "-no-color", "-json"], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === "ENOENT";
    throw new DeployError(missing ? "terraform is not on PATH: install Terraform ≥ 1.7, or pass --outputs with the JSON of `terraform output -json`" : `terraform could not be run: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const said = errorReport(result.stderr || result.stdout).split("\n").map((l) => (l === "" ? "" : `    ${l}`)).join("\n");
    throw new DeployError(`terraform output failed in ${dir} (exit ${result.status}):\n${said}\n  Run terraform init there first (the state backend needs the AWS_* keys, docs/deploying-stacks.md); ${hint}`);
  }
  return parseJson(result.stdout, `terraform output -json in ${dir}`);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DeployError(`${source} is not JSON: expected what \`terraform output -json\` prints`);
  }
}

function backupSecrets(backup: BackupSettings): string[] {
  return [...(backup.source ? [backup.source.secret_key, backup.source.access_key] : []), backup.backups.secret_key, backup.backups.access_key, ...(backup.database ? [backup.database.password] : [])];
}

function passwords(infra: InfraSettings): string[] {
  return [infra.database, ...Object.values(infra.extra_databases), ...(infra.cache ? [infra.cache] : [])].map((d) => d.password);
}

interface Prepared {
  readonly plan: Plan;
  readonly deployCommand: string;
  readonly ssh: SshSettings;
  readonly runtime: string;
  readonly infraKeys: number;
  readonly redact: (text: string) => string;
}

/** Everything but ssh: checks every input, reads the outputs, builds the plan. Throws ConfigError or DeployError. */
export function prepare(options: DeployOptions, env: NodeJS.ProcessEnv): Prepared {
  const selection = readSelection(env);
  const problems: Problem[] = [];
  const stack = options.stack;
  if (stack === undefined || !(STACK_NAMES as readonly string[]).includes(stack)) {
    problems.push({ where: "deploy", field: "stack", value: stack ?? null, allowed: STACK_NAMES.join(", ") });
  }
  // An App Platform stack has no Droplets: say what a release is there, before anything else is read.
  const outdir = env.CDKTF_OUTDIR || "cdktf.out";
  if (problems.length === 0) {
    if (isAppPlatformSelection(selection.platform)) throw appPlatformRefusal(stack!, `PLATFORM_PRESET=${selection.preset.name} runs on App Platform`);
    if (options.outputs === undefined && synthesizedCompute(outdir, stack!) === "app-platform") {
      throw appPlatformRefusal(stack!, `${path.join(outdir, "stacks", stack!, "cdk.tf.json")} records compute "app-platform"`);
    }
    if (options.outputs !== undefined) {
      let given: unknown;
      try {
        given = JSON.parse(fs.readFileSync(options.outputs, "utf8"));
      } catch {
        given = undefined; // reported below, with the other inputs
      }
      const onApp = outputsAreAppPlatform(given);
      if (onApp) throw appPlatformRefusal(stack!, `${options.outputs} has an app_id output and no app_servers`, onApp.appId);
    }
  }
  const platform = selection.platform;
  if (isAppPlatform(platform)) {
    // (Reached only with a bad stack name: a good one was refused above.)
    throw new ConfigError(problems);
  }
  const { app, runtime: config } = platform;
  if (!/^[a-z_][a-z0-9_-]*$/.test(options.sshUser)) problems.push({ where: "deploy", field: "--ssh-user", value: options.sshUser, allowed: "a user name (lowercase letters, digits, _ and -)" });
  for (const o of options.sshOptions) {
    if (!/^[A-Za-z]+[= ]\S/.test(o)) problems.push({ where: "deploy", field: "--ssh-option", value: o, allowed: "an ssh -o option, Key=value, e.g. UserKnownHostsFile=/path/known_hosts" });
  }
  const { release, problems: releaseProblems } = releaseOf(config.kind, options, config.kind === "container" ? config.image : undefined);
  problems.push(...releaseProblems);
  if (config.kind !== "container" && options.release !== undefined) problems.push(...archiveProblems(options.release));
  const { secrets, problems: secretProblems } = secretsOf(options.envFile);
  problems.push(...secretProblems);
  if (problems.length > 0) throw new ConfigError(problems);

  const stackName = stack as StackName;
  const hint = `apply the stack first (npx cdktf deploy ${stackName}) with this version's synth (npm run synth), or pass --outputs FILE`;
  const json = options.outputs === undefined
    ? terraformOutputs(stackName, outdir, hint, env)
    : parseJson(readOutputsFile(options.outputs), options.outputs);
  const source = options.outputs ?? `the state of ${stackName}`;
  const onApp = outputsAreAppPlatform(json);
  if (onApp) throw appPlatformRefusal(stackName, `${source} has an app_id output and no app_servers`, onApp.appId);
  const { infra, servers: all, backup } = readOutputs(json, source, `${app}-${stackName}-`, hint);

  const { servers, problems: onlyProblems } = selectServers(all, options.only);
  const runtime = runtimeOf(config);
  const infraSettings = runtime.settings(config, infra, app);
  const { settings, problems: mergeProblems } = mergeSettings(infraSettings, secrets, options.envFile ?? "");
  if (onlyProblems.length + mergeProblems.length > 0) throw new ConfigError([...onlyProblems, ...mergeProblems]);
  let settingsText: string;
  try {
    settingsText = runtime.renderSettings(settings);
  } catch (e) {
    // The renderers' messages name the key, never the value.
    throw new DeployError(`the settings cannot be written for the ${config.kind} runtime: ${(e as Error).message}`);
  }
  const databaseCa = infra.database.ca_certificate ?? undefined;
  let backupText: string | undefined;
  try {
    backupText = backup ? renderBackupEnvironment(backupEnvironment(backup)) : undefined;
  } catch (e) {
    throw new DeployError(`the backup settings cannot be written: ${(e as Error).message}`);
  }
  const plan = planDeploy({
    app,
    stack: stackName,
    release: release!,
    settingsText,
    settingsKeys: Object.keys(settings).sort(),
    servers,
    ...(databaseCa ? { databaseCa } : {}),
    ...(backup && backupText ? { backup: { server: backup.server, text: backupText } } : {}),
  });
  return {
    plan,
    deployCommand: layout(app).deployCommand,
    ssh: { user: options.sshUser, options: options.sshOptions },
    runtime: config.kind,
    infraKeys: Object.keys(infraSettings).length,
    redact: redactor([...Object.values(secrets), ...passwords(infra), ...(backup ? backupSecrets(backup) : [])]),
  };
}

function readOutputsFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    throw new ConfigError([{ where: "deploy", field: "--outputs", value: file, allowed: "a readable file holding the JSON of `terraform output -json`" }]);
  }
}

function describe(release: Release): string {
  switch (release.kind) {
    case "archive":
      return `release ${release.version} from ${release.file}`;
    case "image":
      return `release ${release.image}`;
    case "held":
      return `activate ${release.version}, which the Droplets hold already (no upload, no migration)`;
    case "live":
      return "redeploy: settings and roles pushed, the live release activated again";
  }
}

function header(p: Prepared, envFile: string | undefined): string {
  const { plan } = p;
  const own = plan.settingsKeys.length - p.infraKeys;
  return [
    `${plan.app} ${plan.stack} (${p.runtime}): ${describe(plan.release)}`,
    `servers, one at a time: ${plan.servers.map((s) => `${s.name} (${s.roles.join(", ") || "no roles"})`).join(", ")}`,
    `settings: ${plan.settingsKeys.length} keys (${p.infraKeys} from the stack's app_settings${envFile ? `, ${own} from ${envFile}` : ", none from an --env-file"}): ${plan.settingsKeys.join(", ")}`,
    "",
  ].join("\n");
}

interface Outcome {
  readonly code: number | null;
  readonly output: string;
  readonly spawnError?: string;
  /** The call succeeded but what it printed rules the Droplet out (an old deploy command). */
  readonly refused?: string;
}

const OUTPUT_LIMIT = 64 * 1024;

/** One ssh call; resolves when ssh exits. Its output is kept (the tail) for the failure report. */
function runSsh(argv: string[], stdin: Call["stdin"], env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn("ssh", argv, { env, stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    let spawnError: string | undefined;
    child.on("error", (e: NodeJS.ErrnoException) => {
      spawnError = e.code === "ENOENT" ? "ssh is not on PATH" : e.message;
    });
    if (stdin) {
      // The remote side may exit before reading everything (a failing step): its exit code tells.
      child.stdin!.on("error", () => undefined);
      if (stdin.kind === "settings") child.stdin!.end(stdin.text);
      else fs.createReadStream(stdin.path).on("error", (e) => child.stdin!.destroy(e)).pipe(child.stdin!);
    }
    child.on("close", (code) => resolve({ code, output, ...(spawnError ? { spawnError } : {}) }));
  });
}

function columns(plan: Plan): (call: Call) => string {
  const name = Math.max(...plan.calls.map((c) => c.server.name.length));
  const label = Math.max(...plan.calls.map((c) => c.label.length));
  return (call) => `${call.server.name.padEnd(name)}  ${call.label.padEnd(label)}  `;
}

function printDryRun(p: Prepared, io: Io): void {
  io.out("dry run: nothing is run; these are the calls, in order:\n");
  for (const call of p.plan.calls) {
    const stdin = call.stdin?.kind === "settings" ? `  # stdin: the settings (${p.plan.settingsKeys.length} keys)` : call.stdin?.kind === "file" ? `  # stdin: ${call.stdin.path}` : "";
    io.out(`${commandLine(sshArgv(call, p.deployCommand, p.ssh))}${stdin}\n`);
  }
}

/** Runs the plan's calls in order; stops at the first failure and reports what is where. */
async function execute(p: Prepared, io: Io, env: NodeJS.ProcessEnv): Promise<boolean> {
  const { plan } = p;
  const line = columns(plan);
  const done = new Set<string>();
  for (const call of plan.calls) {
    io.out(line(call));
    const ran = await runSsh(sshArgv(call, p.deployCommand, p.ssh), call.stdin, env);
    const refused = call.step === "check" && ran.code === 0 && !ran.spawnError ? protocolProblem(ran.output, call.server.name, DEPLOY_PROTOCOL) : null;
    const outcome: Outcome = refused ? { ...ran, refused, output: "" } : ran;
    if (outcome.code === 0 && !outcome.spawnError && !outcome.refused) {
      io.out("ok\n");
      if (call.step === "activate") done.add(call.server.name);
      continue;
    }
    io.out("FAILED\n");
    io.err(failureReport(p, call, outcome, done));
    return false;
  }
  const what = plan.release.kind === "live" ? "settings and roles pushed, the live release activated again" : `${releaseName(plan.release)} is live`;
  io.out(`\ndone: ${what} on ${plan.servers.length} server${plan.servers.length === 1 ? "" : "s"} of ${plan.app} ${plan.stack}\n`);
  return true;
}

function releaseName(release: Release): string {
  return release.kind === "image" ? release.image : release.kind === "live" ? "the live release" : release.version;
}

function failureReport(p: Prepared, call: Call, outcome: Outcome, done: ReadonlySet<string>): string {
  const { plan } = p;
  const why = outcome.refused ?? outcome.spawnError ?? (outcome.code === 255 ? "ssh failed (exit 255: connection or authentication; is your address in admin_cidrs, and has cloud-init finished on a new Droplet?)" : outcome.code === null ? "killed by a signal" : `exit ${outcome.code}`);
  const remote = p.redact(outcome.output).trimEnd();
  const name = releaseName(plan.release);
  const after = plan.servers.filter((s) => s.name !== call.server.name && !done.has(s.name)).map((s) => s.name);
  const untouched = call.step === "activate" ? after : [call.server.name, ...after];
  const lines = [
    `deploy stopped: ${call.server.name} failed at step ${call.label}: ${why}`,
    ...(remote ? remote.split("\n").map((l) => `    ${l}`) : []),
    ...(done.size > 0 ? [`${plan.release.kind === "live" ? "redeployed" : `${name} is live`} on: ${[...done].join(", ")}`] : []),
    ...(call.step === "activate"
      ? [`${call.server.name} may run ${name} without answering its health check; the load balancer takes it out of rotation while it fails`]
      : []),
    ...(untouched.length > 0 ? [`${plan.release.kind === "live" ? "not redeployed" : "left on their previous release"}: ${untouched.join(", ")}`] : []),
  ];
  if (plan.release.kind === "archive" || plan.release.kind === "held") {
    lines.push(`to go back, activate the version they ran before (each Droplet keeps its last 3): npm run deploy -- ${plan.stack} --version <previous>`);
  } else if (plan.release.kind === "image") {
    lines.push(`to go back, deploy the image they ran before: npm run deploy -- ${plan.stack} --release <previous tag>`);
  }
  return `${lines.join("\n")}\n`;
}

/** The whole command; resolves to whether it succeeded. Bad input throws (ConfigError, DeployError). */
export async function deploy(options: DeployOptions, env: NodeJS.ProcessEnv, io: Io): Promise<boolean> {
  const prepared = prepare(options, env);
  io.out(header(prepared, options.envFile));
  if (options.envFile === undefined) {
    io.err("warning: no --env-file: the Droplets' settings are replaced by the stack's alone, so the app's own secrets (APP_KEY, bucket keys, …) are removed\n");
  }
  if (options.dryRun) {
    printDryRun(prepared, io);
    return true;
  }
  return execute(prepared, io, env);
}
