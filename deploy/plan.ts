/**
 * What `npm run deploy` will do, decided without touching anything: the release, the settings, the
 * servers in order, and every call of the deploy command on each of them (`env`, `release`,
 * `activate`) with its stdin. `run.ts` executes a plan; nothing here spawns, reads or prints.
 */
import * as path from "node:path";
import type { Problem } from "../config/validate";
import { hasTagOrDigest } from "../runtimes/container";
import { shellQuote } from "../runtimes/common";
import type { ProcessRole, RuntimeKind } from "../runtimes/types";

/** The remote command's own rule (`check_version` in runtimes/deploy/archive.sh). */
export const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A Docker tag (the part after `:`). */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A failure that is not a bad flag: terraform, a missing output, a failed step. The message says it all. */
export class DeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeployError";
  }
}

/**
 * - `archive`: a .tar.gz streamed to `release VERSION` (laravel, python), then activated with --migrate on the first server;
 * - `image`: `release IMAGE` pulls it (container), then activated with --migrate on the first server;
 * - `held`: `--version` alone: activate a release the Droplets already hold (going back), no upload, no migration;
 * - `live`: no release: settings and roles pushed, the live release activated again.
 */
export type Release =
  | { readonly kind: "archive"; readonly file: string; readonly version: string }
  | { readonly kind: "image"; readonly image: string }
  | { readonly kind: "held"; readonly version: string }
  | { readonly kind: "live" };

const isLatest = (s: string) => /^latest$/i.test(s);

/** `release.tar.gz` → `release`: the default version of an archive. */
export function versionOf(file: string): string {
  return path.basename(file).replace(/\.(tar\.gz|tgz)$/, "");
}

/** `ghcr.io/quickcart/app:1.0.0` → `ghcr.io/quickcart/app` (a registry port's colon stays). */
export function repositoryOf(image: string): string {
  const at = image.indexOf("@");
  if (at >= 0) return image.slice(0, at);
  const slash = image.lastIndexOf("/");
  const colon = image.indexOf(":", slash + 1);
  return colon >= 0 ? image.slice(0, colon) : image;
}

/**
 * `--release` of the container runtime: an image with a tag or digest, or a tag (or `sha256:…`
 * digest) alone, put on the repository of the preset's image. `latest` is refused: it changes under
 * running Droplets, so two of them could run different code under one name.
 */
export function resolveImage(release: string, configured: string): { image?: string; problem?: Problem } {
  const problem = (allowed: string): { problem: Problem } => ({ problem: { where: "deploy", field: "--release", value: release, allowed } });
  const allowed = `an image with a tag or digest (${repositoryOf(configured)}:1.4.3, …@sha256:<64 hex>), or a tag alone (1.4.3), not latest`;
  let image: string;
  if (DIGEST.test(release)) image = `${repositoryOf(configured)}@${release}`;
  else if (!/[/:@]/.test(release)) {
    if (!TAG.test(release)) return problem(allowed);
    image = `${repositoryOf(configured)}:${release}`;
  } else image = release;
  if (!hasTagOrDigest(image)) return problem(allowed);
  if (!image.includes("@") && isLatest(image.slice(image.lastIndexOf(":") + 1))) return problem(allowed);
  return { image };
}

export interface ReleaseFlags {
  readonly release?: string | undefined;
  readonly version?: string | undefined;
}

/** The release the flags name, or every problem with them. File contents are checked by the caller (`run.ts`). */
export function releaseOf(kind: RuntimeKind, flags: ReleaseFlags, configuredImage?: string): { release?: Release; problems: Problem[] } {
  const problems: Problem[] = [];
  const versionProblem = (value: string, why: string): Problem => ({ where: "deploy", field: "--version", value, allowed: why });
  const checkVersion = (version: string, field = "--version") => {
    if (!VERSION.test(version) || isLatest(version)) {
      problems.push({ ...versionProblem(version, "1–64 letters, digits, dots, dashes and underscores, starting with a letter or digit, not latest (the Droplets keep each version in a directory of its own)"), field });
    }
  };
  if (kind === "container") {
    if (flags.version !== undefined) problems.push(versionProblem(flags.version, "no --version for the container runtime: the image's tag or digest is the version (--release 1.4.3)"));
    if (flags.release === undefined) return { release: { kind: "live" }, problems };
    const { image, problem } = resolveImage(flags.release, configuredImage ?? "");
    if (problem) problems.push(problem);
    return { ...(image && problems.length === 0 ? { release: { kind: "image", image } } : {}), problems };
  }
  if (flags.release === undefined) {
    if (flags.version === undefined) return { release: { kind: "live" }, problems };
    checkVersion(flags.version);
    return { ...(problems.length === 0 ? { release: { kind: "held", version: flags.version } } : {}), problems };
  }
  const version = flags.version ?? versionOf(flags.release);
  checkVersion(version, flags.version === undefined ? "--version (from the --release file name)" : "--version");
  return { ...(problems.length === 0 ? { release: { kind: "archive", file: flags.release, version } } : {}), problems };
}

/**
 * The deployer's secrets file: `KEY=value` lines; blank lines and lines starting with `#` are
 * skipped; a value wrapped in matching single or double quotes loses them (nothing else is
 * unescaped, so a value is taken as written); unquoted values are trimmed. Problems name the line,
 * never its contents.
 */
export function parseSecrets(text: string, file: string): { secrets: Record<string, string>; problems: Problem[] } {
  const secrets: Record<string, string> = {};
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    const where = `${file}:${i + 1}`;
    if (/^\s*(#.*)?$/.test(line)) return;
    const eq = line.indexOf("=");
    const key = eq < 0 ? "" : line.slice(0, eq);
    if (!KEY.test(key)) {
      problems.push({ where: "deploy", field: "--env-file", value: where, allowed: "KEY=value lines (KEY: letters, digits and underscores, not starting with a digit), # comments and blank lines; the line is not shown, it may hold a secret" });
      return;
    }
    if (seen.has(key)) {
      problems.push({ where: "deploy", field: "--env-file", value: where, allowed: `each key once: ${key} is already set on line ${seen.get(key)}` });
      return;
    }
    seen.set(key, i + 1);
    const value = line.slice(eq + 1);
    const quoted = /^(["'])(.*)\1$/.exec(value);
    secrets[key] = quoted ? quoted[2]! : value.trim();
  });
  return { secrets, problems };
}

/** The runtime's settings plus the deployer's secrets; a key both define is a problem (no silent override). */
export function mergeSettings(infra: Readonly<Record<string, string>>, secrets: Readonly<Record<string, string>>, file: string): { settings: Record<string, string>; problems: Problem[] } {
  const clashes = Object.keys(secrets).filter((k) => Object.hasOwn(infra, k));
  const problems = clashes.map((key): Problem => ({
    where: "deploy",
    field: `--env-file key`,
    value: key,
    allowed: `a key the stack's outputs do not already set: remove ${key} from ${file} (the Droplets get it from Terraform's app_settings)`,
  }));
  return { settings: { ...infra, ...secrets }, problems };
}

export interface Server {
  readonly name: string;
  readonly ipv4: string;
  readonly roles: readonly ProcessRole[];
}

/** Names sort as people read them: app-2 before app-10, app-* before worker-*. */
const byName = new Intl.Collator("en", { numeric: true }).compare;

/** The servers of the rollout in order, restricted to `--only` names when given. */
export function selectServers(servers: readonly Server[], only: readonly string[]): { servers: Server[]; problems: Problem[] } {
  const sorted = [...servers].sort((a, b) => byName(a.name, b.name));
  if (only.length === 0) return { servers: sorted, problems: [] };
  const names = sorted.map((s) => s.name);
  const problems = only.filter((n) => !names.includes(n)).map((n): Problem => ({ where: "deploy", field: "--only", value: n, allowed: names.join(", ") }));
  return { servers: sorted.filter((s) => only.includes(s.name)), problems };
}

export type Step = "check" | "ca" | "settings" | "backup-settings" | "release" | "activate";

export interface Call {
  readonly server: Server;
  readonly step: Step;
  /** What the output line says: `settings`, `release 2024.11.3`, `activate (web) + migrate`. */
  readonly label: string;
  /** Arguments of the deploy command. */
  readonly args: readonly string[];
  readonly stdin: { readonly kind: "settings"; readonly text: string } | { readonly kind: "file"; readonly path: string } | null;
}

export interface Plan {
  readonly app: string;
  readonly stack: string;
  readonly release: Release;
  /** Sorted names of the settings; values only ever travel on stdin. */
  readonly settingsKeys: readonly string[];
  readonly servers: readonly Server[];
  readonly calls: readonly Call[];
}

export interface PlanInput {
  readonly app: string;
  readonly stack: string;
  readonly release: Release;
  readonly settingsText: string;
  readonly settingsKeys: readonly string[];
  readonly servers: readonly Server[];
  /** PEM of the database's CA, written beside the settings (the settings name its path). */
  readonly databaseCa?: string;
  /** The backup jobs' settings file and the one Droplet that runs them (`backup-env`). */
  readonly backup?: { readonly server: string; readonly text: string };
}

/**
 * Per server, in order: its deploy command's protocol (`status`, checked by run.ts before anything
 * else goes there), the database's CA, settings, the release (if new), activate with its roles;
 * --migrate on the first server of a new release.
 */
export function planDeploy(input: PlanInput): Plan {
  const { release } = input;
  const target = release.kind === "archive" || release.kind === "held" ? release.version : release.kind === "image" ? release.image : undefined;
  const calls = input.servers.flatMap((server, i): Call[] => {
    const migrate = i === 0 && (release.kind === "archive" || release.kind === "image");
    const roles = server.roles.length > 0 ? server.roles.join(",") : "none";
    const calls: Call[] = [
      { server, step: "check", label: "deploy command", args: ["status"], stdin: null },
      ...(input.databaseCa ? [{ server, step: "ca" as const, label: "database CA", args: ["ca"], stdin: { kind: "settings" as const, text: input.databaseCa } }] : []),
      { server, step: "settings", label: "settings", args: ["env"], stdin: { kind: "settings", text: input.settingsText } },
      ...(input.backup?.server === server.name
        ? [{ server, step: "backup-settings" as const, label: "backup settings", args: ["backup-env"], stdin: { kind: "settings" as const, text: input.backup.text } }]
        : []),
    ];
    if (release.kind === "archive") calls.push({ server, step: "release", label: `release ${release.version}`, args: ["release", release.version], stdin: { kind: "file", path: release.file } });
    if (release.kind === "image") calls.push({ server, step: "release", label: `release ${release.image}`, args: ["release", release.image], stdin: null });
    calls.push({
      server,
      step: "activate",
      label: `activate (${server.roles.length > 0 ? server.roles.join(", ") : "no roles"})${migrate ? " + migrate" : ""}`,
      args: ["activate", ...(target ? [target] : []), "--roles", roles, ...(migrate ? ["--migrate"] : [])],
      stdin: null,
    });
    return calls;
  });
  return { app: input.app, stack: input.stack, release, settingsKeys: input.settingsKeys, servers: input.servers, calls };
}

/**
 * Masks secrets (the databases' and cache's passwords, every value of the secrets file; of 6
 * characters or more, shorter ones being flags like `true`), raw and URL-encoded, with `***` in what
 * the Droplets print back: a failing migration may quote its connection. Our own output names keys
 * only, so it needs no masking.
 */
export function redactor(values: Iterable<string>): (text: string) => string {
  const secrets = [...new Set([...values].flatMap((v) => [v, encodeURIComponent(v)]))].filter((v) => v.length >= 6).sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((t, s) => t.split(s).join("***"), text);
}

/**
 * Why `status` output (the first call on each server) rules the Droplet out, or null. A Droplet keeps
 * the deploy command its user_data wrote at creation; one that prints no protocol line predates
 * protocol 2.
 */
export function protocolProblem(status: string, server: string, expected: number): string | null {
  const found = /^protocol: (\d+)$/m.exec(status);
  const remote = found ? Number(found[1]) : 1;
  if (remote === expected) return null;
  const what = `${server} runs deploy command protocol ${remote}${found ? "" : " (it prints no protocol: it was made before protocol 2)"} and this checkout speaks ${expected}`;
  return remote < expected
    ? `${what}: a Droplet keeps the deploy command of its creation, so roll this Droplet (docs/day-two.md), then deploy again`
    : `${what}: the Droplet was made by a newer version of this repository; update this checkout (git pull) and deploy again`;
}

export const DEFAULT_SSH_OPTIONS = ["BatchMode=yes", "StrictHostKeyChecking=accept-new", "ConnectTimeout=15"] as const;

export interface SshSettings {
  readonly user: string;
  /** `--ssh-option` values; they come before the defaults, because ssh keeps the first value of an option. */
  readonly options: readonly string[];
}

/** A word for the remote shell: quoted unless plain (a comma needs no quotes: `--roles web,worker`). */
const remoteWord = (word: string) => (/^[A-Za-z0-9_.,/:=@%+-]+$/.test(word) ? word : shellQuote(word));

/**
 * argv of ssh for one call: `ssh -o … user@ipv4 'sudo /usr/local/sbin/<app>-deploy <args>'`. ssh
 * hands the remote shell one string, so the remote command is one argument, each word quoted in it.
 */
export function sshArgv(call: Call, deployCommand: string, ssh: SshSettings): string[] {
  return [
    ...[...ssh.options, ...DEFAULT_SSH_OPTIONS].flatMap((o) => ["-o", o]),
    `${ssh.user}@${call.server.ipv4}`,
    ["sudo", deployCommand, ...call.args].map(remoteWord).join(" "),
  ];
}

/** The command line as a person would type it (dry run). */
export function commandLine(argv: readonly string[]): string {
  return ["ssh", ...argv.map(shellQuote)].join(" ");
}
