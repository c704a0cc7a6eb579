/**
 * Validation and resolution of a Droplet preset's matrix (and the checks App Platform presets share),
 * before anything is constructed or written. The run-time selection is config/selection.ts.
 * Every problem names the stack, the field, the bad value and what is allowed; all problems are
 * reported together.
 */
import { DATABASE_SIZES, ENGINES, storageProblem, type Engine } from "../catalog/databases";
import { isRegion, REGION_SLUGS, regionsOffering } from "../catalog/regions";
import { STACK_RULE_IDS } from "../policy/rules";
import { runtimeOf, runtimeProblems } from "../runtimes";
import type { ProcessRole } from "../runtimes/types";
import { CALENDAR_ALLOWED, isCalendarExpression } from "./calendar";
import { hostnameProblems, resolveHostnames } from "./hostnames";
import { Naming } from "./naming";
import {
  STACK_NAMES,
  type DatabaseClusterSpec,
  type DrMode,
  type DropletPlan,
  type EnvironmentConfig,
  type PlatformConfig,
  type SharedEnvironmentConfig,
  type SharedPlatformConfig,
  type BackupJobSchedule,
  type ResolvedBackupJobs,
  type ResolvedDatabase,
  type ResolvedEnvironment,
  type StackName,
  type StateBackendConfig,
  type StateBucketConfig,
  type Takeover,
} from "./types";

export interface Problem {
  /** A stack name, or "platform" / "selection" for shared settings. */
  readonly where: string;
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
  /**
   * The environment variable (or the command's arguments) the value came from, as the user wrote
   * it, so the message names what they set and not only the setting it feeds. `written` is the
   * variable's whole value, given when it differs from `value`.
   */
  readonly from?: { readonly variable: string; readonly written?: string };
}

/** One problem as a line: `<where>: <field> = <value> (from VAR="…") is not allowed; allowed: …`. */
export function formatProblem(p: Problem): string {
  // An environment variable as `VAR="…"`, a command's arguments as `the stack arguments "…"`.
  const written = p.from?.written === undefined ? "" : `${/^[A-Z_][A-Z0-9_]*$/.test(p.from.variable) ? "=" : " "}${JSON.stringify(p.from.written)}`;
  const from = p.from ? ` (from ${p.from.variable}${written})` : "";
  // A variable that must be set and is not: say "unset", not "= null".
  if (p.value === null && /^[A-Z_][A-Z0-9_]*$/.test(p.field)) return `${p.where}: ${p.field} is unset${from}; it must be ${p.allowed}`;
  return `${p.where}: ${p.field} = ${JSON.stringify(p.value)}${from} is not allowed; allowed: ${p.allowed}`;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** Parses `a.b.c.d/n` into [network as uint32, prefix], or null if malformed or not a network address. */
export function parseCidr(cidr: string): [number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return null;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) return null; // host bits set: not a network address
  return [address, prefix];
}

function overlaps(a: [number, number], b: [number, number]): boolean {
  const aEnd = a[0] + 2 ** (32 - a[1]);
  const bEnd = b[0] + 2 ** (32 - b[1]);
  return a[0] < bEnd && b[0] < aEnd;
}

const PRIVATE_RANGES: [number, number][] = [
  parseCidr("10.0.0.0/8")!,
  parseCidr("172.16.0.0/12")!,
  parseCidr("192.168.0.0/16")!,
];
const within = (inner: [number, number], outer: [number, number]) =>
  inner[1] >= outer[1] && inner[0] >= outer[0] && inner[0] < outer[0] + 2 ** (32 - outer[1]);

const VPC_ALLOWED = "a private IPv4 network address (10/8, 172.16/12 or 192.168/16) with a prefix from /16 to /28, e.g. 10.30.0.0/20";
const DNS_LABEL = /^[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function countProblems(where: string, field: string, value: number, min: number): Problem[] {
  return Number.isInteger(value) && value >= min
    ? []
    : [{ where, field, value, allowed: `an integer ≥ ${min}` }];
}

export function validatePlatform(platform: PlatformConfig): Problem[] {
  return [
    ...validateSharedPlatform(platform),
    ...runtimeProblems(platform.runtime).map((p) => ({ where: "platform", field: `runtime.${p.field}`, value: p.value, allowed: p.allowed })),
  ];
}

/** What every preset's platform settings must satisfy, whatever runs the app. */
export function validateSharedPlatform(platform: SharedPlatformConfig): Problem[] {
  const problems: Problem[] = [];
  const where = "platform";
  if (!DNS_LABEL.test(platform.app) || platform.app.length > 20) {
    problems.push({ where, field: "app", value: platform.app, allowed: "a lowercase name of 2–20 characters: letters, digits and dashes, starting with a letter" });
  }
  if (!DOMAIN.test(platform.domain)) {
    problems.push({ where, field: "domain", value: platform.domain, allowed: "a lowercase DNS domain such as bizsocials.io" });
  }
  if (!isOneOf(STACK_NAMES, platform.dnsZoneOwner)) {
    problems.push({ where, field: "dnsZoneOwner", value: platform.dnsZoneOwner, allowed: STACK_NAMES.join(", ") });
  }
  // 0 would expire every upload under temp/ at once (the provider allows expiration.days ≥ 0).
  problems.push(...countProblems(where, "tempObjectExpiryDays", platform.tempObjectExpiryDays, 1).map((p) => ({ ...p, allowed: "a whole number of days ≥ 1" })));
  problems.push(...validateStateBackend(platform.state));
  for (const protocol of ["tcp", "udp"] as const) {
    const ports = platform.egress?.[`${protocol}Ports`] ?? [];
    ports.forEach((port, i) => {
      if (!Number.isInteger(port) || port < 1 || port > 65535 || ports.indexOf(port) !== i) {
        problems.push({ where, field: `egress.${protocol}Ports[${i}]`, value: port, allowed: "a port number from 1 to 65535, each once (one outbound rule per port to any address)" });
      }
    });
  }
  return problems;
}

/** `<bucketPrefix>-<id>`: the name of a state bucket the bootstrap stack creates. */
export function stateBucketName(state: StateBackendConfig, bucket: StateBucketConfig): string {
  return `${state.bucketPrefix}-${bucket.id}`;
}

/** The state bucket that holds a stack's state (validated: exactly one does). */
export function stateBucketOf(state: StateBackendConfig, stack: StackName): string {
  const bucket = state.buckets.find((b) => b.stacks.includes(stack));
  if (!bucket) throw new ConfigError([stateBucketMissing(state, stack)]);
  return stateBucketName(state, bucket);
}

function stateBucketMissing(state: StateBackendConfig, stack: StackName): Problem {
  const defined = state.buckets.map((b) => stateBucketName(state, b)).join(", ") || "none";
  return { where: "state backend", field: `buckets (state of ${stack})`, value: null, allowed: `exactly one of the buckets the bootstrap stack creates (${defined}) lists ${stack}` };
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** The shape of the state layout on its own (names, region, retention); see validateStateLayout for the stacks. */
export function validateStateBackend(state: StateBackendConfig): Problem[] {
  const where = "state backend";
  const problems: Problem[] = [];
  const spaces = regionsOffering("spaces");
  if (!isOneOf(spaces, state.region)) {
    problems.push({ where, field: "region", value: state.region, allowed: `a region with Spaces: ${spaces.join(", ")}` });
  }
  if (state.buckets.length === 0) problems.push({ where, field: "buckets", value: [], allowed: "at least one state bucket" });
  const seen = new Set<string>();
  for (const bucket of state.buckets) {
    const name = stateBucketName(state, bucket);
    if (!BUCKET_NAME.test(name)) {
      problems.push({ where, field: `bucket ${bucket.id}`, value: name, allowed: "a Spaces bucket name `<bucketPrefix>-<id>`: 3–63 lowercase letters, digits and dashes, starting and ending with a letter or digit" });
    }
    if (seen.has(name)) problems.push({ where, field: `bucket ${bucket.id}`, value: name, allowed: "a bucket name used once" });
    seen.add(name);
  }
  if (!Number.isInteger(state.noncurrentVersionDays) || state.noncurrentVersionDays < 1) {
    problems.push({ where, field: "noncurrentVersionDays", value: state.noncurrentVersionDays, allowed: "a whole number of days ≥ 1" });
  }
  return problems;
}

/**
 * Every stack's state is in exactly one bucket the bootstrap defines, and no bucket holds both
 * production and non-production state (its key would let whoever runs dev read prod's secrets).
 */
export function validateStateLayout(state: StateBackendConfig, envs: Record<StackName, SharedEnvironmentConfig>): Problem[] {
  const where = "state backend";
  const problems: Problem[] = [];
  for (const stack of STACK_NAMES) {
    const holders = state.buckets.filter((b) => b.stacks.includes(stack));
    if (holders.length !== 1) {
      problems.push(holders.length === 0 ? stateBucketMissing(state, stack) : { where, field: `buckets (state of ${stack})`, value: holders.map((b) => stateBucketName(state, b)), allowed: "exactly one bucket per stack" });
    }
  }
  for (const bucket of state.buckets) {
    const unknown = bucket.stacks.filter((s) => !isOneOf(STACK_NAMES, s));
    for (const s of unknown) problems.push({ where, field: `bucket ${bucket.id}.stacks`, value: s, allowed: STACK_NAMES.join(", ") });
    const known = bucket.stacks.filter((s): s is StackName => isOneOf(STACK_NAMES, s));
    const production = known.filter((s) => envs[s].projectEnvironment === "Production");
    if (production.length > 0 && production.length < known.length) {
      problems.push({
        where,
        field: `bucket ${bucket.id}.stacks`,
        value: known,
        allowed: `production stacks (${production.join(", ")}) and the others (${known.filter((s) => !production.includes(s)).join(", ")}) in separate buckets, so one key cannot read both`,
      });
    }
  }
  return problems;
}

/**
 * The state must outlive the region a standby exists for: dr's plan reads its own state (and, in
 * standby, the source's `bucket_name` output) from the state region, so a state bucket in the
 * region of a stack that another stack replicates would stop dr's plan in exactly the outage dr is
 * for (issue 15). PLATFORM_STATE_REGION overrides the preset's region and is checked the same way.
 */
export function validateStateRegion(state: StateBackendConfig, envs: Record<StackName, SharedEnvironmentConfig>): Problem[] {
  const replicated = STACK_NAMES.flatMap((s) => {
    const db = envs[s].database;
    return db.kind === "replica" && isOneOf(STACK_NAMES, db.of) ? [{ standby: s, source: db.of }] : [];
  });
  const clash = replicated.filter((r) => envs[r.source].region === state.region);
  if (clash.length === 0) return [];
  const taken = new Set(replicated.map((r) => envs[r.source].region as string));
  const spaces = regionsOffering("spaces").filter((r) => !taken.has(r));
  return [{
    where: "state backend",
    field: "region (PLATFORM_STATE_REGION overrides it)",
    value: state.region,
    allowed: `a region with Spaces other than ${clash.map((c) => `${c.source}'s ${envs[c.source].region} (${c.standby} replicates ${c.source}: in an outage of ${envs[c.source].region}, ${c.standby}'s plan must still reach the state)`).join(", ")}: ${spaces.join(", ")}`,
  }];
}

/** Reasons must say why (the policy module enforces the same on constructs). */
const MIN_REASON = 20;

/**
 * The shape of one column. What DigitalOcean accepts (regions per service, plans, standby, versions,
 * load balancer sizes) is checked on the synthesized resources by the policy rules, which name the
 * resource and the rule; this only checks what has no resource to point at.
 */
export function validateEnvironment(stack: string, env: EnvironmentConfig, engine?: Engine): Problem[] {
  return [
    ...validateSharedEnvironment(stack, env, engine),
    ...countProblems(stack, "app.count", env.app.count, 1),
    ...countProblems(stack, "worker.count", env.worker.count, 0),
    ...scaleOutProblems(stack, env),
  ];
}

function scaleOutProblems(stack: string, env: EnvironmentConfig): Problem[] {
  const problems: Problem[] = [];
  if (env.scaleOutAlert !== undefined) {
    const cpu = env.scaleOutAlert.cpuPercent;
    if (!Number.isInteger(cpu) || cpu < 1 || cpu > 99) problems.push({ where: stack, field: "scaleOutAlert.cpuPercent", value: cpu, allowed: "a whole percentage from 1 to 99" });
    if (!env.alerting) problems.push({ where: stack, field: "alerting", value: env.alerting, allowed: "true in a stack with a scaleOutAlert (the alert is part of the stack's monitoring)" });
    if (env.scaleOutAlert.action.trim().length < MIN_REASON) {
      problems.push({ where: stack, field: "scaleOutAlert.action", value: env.scaleOutAlert.action, allowed: `what ops do when it fires, at least ${MIN_REASON} characters` });
    }
  }
  return problems;
}


/** The shape of the rows every column has, whatever runs the app. */
export function validateSharedEnvironment(stack: string, env: SharedEnvironmentConfig, engine?: Engine): Problem[] {
  const problems: Problem[] = [];
  if (!isRegion(env.region)) {
    problems.push({ where: stack, field: "region", value: env.region, allowed: REGION_SLUGS.join(", ") });
  }
  const cidr = parseCidr(env.vpcCidr);
  if (!cidr || cidr[1] < 16 || cidr[1] > 28 || !PRIVATE_RANGES.some((r) => within(cidr, r))) {
    problems.push({ where: stack, field: "vpcCidr", value: env.vpcCidr, allowed: VPC_ALLOWED });
  }
  if (!DNS_LABEL.test(env.hostLabel) && !/^[a-z]$/.test(env.hostLabel) && env.hostLabel !== "@") {
    problems.push({ where: stack, field: "hostLabel", value: env.hostLabel, allowed: 'one lowercase DNS label (letters, digits, dashes), or "@" for the zone apex' });
  }
  if (env.cache) problems.push(...countProblems(stack, "cache.nodes", env.cache.nodes, 1));
  // The provider refuses fewer than 1 day (resource_spaces_bucket.go: noncurrent_version_expiration.days IntAtLeast(1)).
  if (env.bucket?.noncurrentVersionExpiryDays !== undefined) {
    problems.push(...countProblems(stack, "bucket.noncurrentVersionExpiryDays", env.bucket.noncurrentVersionExpiryDays, 1).map((p) => ({ ...p, allowed: "a whole number of days ≥ 1" })));
  }
  const clusters: [string, DatabaseClusterSpec][] = [
    ...(env.database.kind === "cluster" ? ([["database", env.database]] as [string, DatabaseClusterSpec][]) : []),
    ...Object.entries(env.extraDatabases ?? {}).flatMap(([purpose, spec]): [string, DatabaseClusterSpec][] => (spec.kind === "cluster" ? [[`extraDatabases.${purpose}`, spec]] : [])),
  ];
  for (const [field, spec] of clusters) {
    problems.push(...countProblems(stack, `${field}.nodes`, spec.nodes, 1));
    if (spec.pool) problems.push(...countProblems(stack, `${field}.pool.size`, spec.pool.size, 1));
    if (engine !== undefined) problems.push(...clusterStorageProblems(stack, field, spec, engine));
  }
  for (const purpose of Object.keys(env.extraDatabases ?? {})) {
    if (!/^[a-z][a-z0-9]{1,15}$/.test(purpose)) {
      problems.push({ where: stack, field: "extraDatabases", value: purpose, allowed: "a purpose of 2–16 lowercase letters and digits, e.g. audit" });
    }
  }
  if (env.cdn && !env.bucket) {
    problems.push({ where: stack, field: "cdn", value: env.cdn, allowed: "false when bucket is null (the CDN serves the bucket)" });
  }
  if (!(Number.isFinite(env.budgetUsd) && env.budgetUsd > 0)) {
    problems.push({ where: stack, field: "budgetUsd", value: env.budgetUsd, allowed: "a positive number of US dollars per month" });
  }
  (env.suppressions ?? []).forEach((s, i) => {
    if (!STACK_RULE_IDS.includes(s.rule)) {
      problems.push({
        where: stack,
        field: `suppressions[${i}].rule`,
        value: s.rule,
        allowed: `a rule judged on the whole stack (${STACK_RULE_IDS.join(", ")}); suppress other rules on the construct, with suppress() (docs/policy.md)`,
      });
    }
    if (s.reason.trim().length < MIN_REASON) {
      problems.push({ where: stack, field: `suppressions[${i}].reason`, value: s.reason, allowed: `a reason of at least ${MIN_REASON} characters saying why the rule does not apply` });
    }
  });
  return problems;
}

/**
 * A cluster's extra storage and its read-only node, against the catalog: storage at least the
 * plan's included disk, in steps, up to the maximum; a read-only node only on an engine that has
 * them, at least the primary's size (DATABASE_SOURCES.readOnly: "equal to or larger than the primary").
 * `engines` is the catalog's table (a parameter so that an engine without read-only nodes can be tested).
 */
export function clusterStorageProblems(
  stack: string,
  field: string,
  spec: DatabaseClusterSpec,
  engine: Engine,
  engines: Readonly<Record<Engine, { readonly readOnlyNodes: boolean; readonly label: string }>> = ENGINES,
): Problem[] {
  const problems: Problem[] = [];
  if (spec.storageGib !== undefined) {
    const allowed = storageProblem(spec.size, engine, spec.storageGib);
    if (allowed) problems.push({ where: stack, field: `${field}.storageGib`, value: spec.storageGib, allowed });
  }
  if (spec.readReplica !== undefined) {
    const size = spec.readReplica.size;
    if (!engines[engine].readOnlyNodes) {
      problems.push({ where: stack, field: `${field}.readReplica`, value: spec.readReplica, allowed: `no readReplica: ${engines[engine].label} clusters have no read-only nodes (${Object.entries(engines).filter(([, e]) => e.readOnlyNodes).map(([k]) => k).join(", ")} do)` });
    } else if (!Object.hasOwn(DATABASE_SIZES, size) || !(DATABASE_SIZES[size].engines as readonly Engine[]).includes(engine) || DATABASE_SIZES[size].memoryGib < DATABASE_SIZES[spec.size].memoryGib) {
      const fits = (Object.keys(DATABASE_SIZES) as (keyof typeof DATABASE_SIZES)[]).filter((s) => (DATABASE_SIZES[s].engines as readonly Engine[]).includes(engine) && DATABASE_SIZES[s].memoryGib >= DATABASE_SIZES[spec.size].memoryGib);
      problems.push({ where: stack, field: `${field}.readReplica.size`, value: size, allowed: `a ${engine} plan at least the primary's ${spec.size} (DigitalOcean refuses a read-only node smaller than its primary): ${fits.join(", ")}` });
    }
  }
  return problems;
}

/** Worker Droplets need something to run: a runtime without worker and scheduler processes has none. */
export function validateAgainstRuntime(platform: PlatformConfig, envs: Record<StackName, EnvironmentConfig>): Problem[] {
  if (runtimeProblems(platform.runtime).length > 0) return [];
  const processes = runtimeOf(platform.runtime).processes(platform.runtime);
  if (processes.worker || processes.scheduler) return [];
  return STACK_NAMES.filter((s) => envs[s].worker.count > 0).map((s) => ({
    where: s,
    field: "worker.count",
    value: envs[s].worker.count,
    allowed: `0: the ${platform.runtime.kind} runtime of ${platform.app} defines no worker or scheduler command, so worker Droplets would run nothing`,
  }));
}

/** Problems that involve more than one stack: overlapping VPCs, replicas of missing clusters. */
export function validateAcrossEnvironments(envs: Record<StackName, SharedEnvironmentConfig>): Problem[] {
  const problems: Problem[] = [];
  const names = Object.keys(envs) as StackName[];
  names.forEach((a, i) => {
    const ca = parseCidr(envs[a].vpcCidr);
    for (const b of names.slice(i + 1)) {
      const cb = parseCidr(envs[b].vpcCidr);
      if (ca && cb && overlaps(ca, cb)) {
        problems.push({ where: b, field: "vpcCidr", value: envs[b].vpcCidr, allowed: `a range that does not overlap ${a}'s ${envs[a].vpcCidr} (VPCs must stay peerable)` });
      }
    }
    const db = envs[a].database;
    if (db.kind === "replica" && envs[db.of].database.kind !== "cluster") {
      problems.push({ where: a, field: "database.of", value: db.of, allowed: `a stack that owns a cluster: ${names.filter((n) => envs[n].database.kind === "cluster").join(", ")}` });
    }
    for (const [purpose, extra] of Object.entries(envs[a].extraDatabases ?? {})) {
      if (extra.kind !== "replica") continue;
      const owners = names.filter((n) => n !== a && envs[n].extraDatabases?.[purpose]?.kind === "cluster");
      if (!owners.includes(extra.of)) {
        problems.push({ where: a, field: `extraDatabases.${purpose}.of`, value: extra.of, allowed: `another stack that owns a ${purpose} cluster (extraDatabases.${purpose} of kind cluster): ${owners.join(", ") || "none"}` });
      }
    }
  });
  return problems;
}

/** The Droplet that runs a stack's backup jobs: the first app Droplet (every stack has one). */
export const BACKUP_HOST = "app-1";

function scheduleProblems(stack: string, field: string, job: BackupJobSchedule): Problem[] {
  const problems: Problem[] = [];
  if (typeof job.schedule !== "string" || !isCalendarExpression(job.schedule)) {
    problems.push({ where: stack, field: `${field}.schedule`, value: job.schedule, allowed: CALENDAR_ALLOWED });
  }
  problems.push(...countProblems(stack, `${field}.staleAfterHours`, job.staleAfterHours, 1).map((p) => ({ ...p, allowed: "a whole number of hours ≥ 1 (longer than the time between two runs)" })));
  return problems;
}

/**
 * Backup jobs: a calendar expression per job, a retention of at least a day, a destination bucket
 * with old versions that expire, a copy from another stack's bucket in another region, an uptime
 * check to watch the heartbeat, and (behind a load balancer) only one app Droplet to answer it.
 */
export function validateBackupJobs(envs: Record<StackName, EnvironmentConfig>): Problem[] {
  const problems: Problem[] = [];
  for (const stack of Object.keys(envs) as StackName[]) {
    const env = envs[stack];
    const jobs = env.backupJobs;
    if (!jobs) continue;
    if (!jobs.copy && !jobs.dump) problems.push({ where: stack, field: "backupJobs", value: jobs, allowed: "a copy, a dump, or both (or no backupJobs)" });
    if (!env.bucket) problems.push({ where: stack, field: "backupJobs", value: "bucket: null", allowed: "a stack with a bucket: the jobs write into it" });
    else if (!env.bucket.versioning || env.bucket.noncurrentVersionExpiryDays === undefined) {
      problems.push({ where: stack, field: "bucket.noncurrentVersionExpiryDays", value: env.bucket.noncurrentVersionExpiryDays ?? null, allowed: "versioning: true and a retention in days: copies keep what the source overwrote or deleted as old versions, which must expire" });
    }
    if (!env.alerting) problems.push({ where: stack, field: "alerting", value: env.alerting, allowed: "true in a stack with backupJobs: the uptime check on the jobs' heartbeat is what makes a failed run page someone" });
    if (env.loadBalancerSizeUnit !== null && env.app.count !== 1) {
      problems.push({ where: stack, field: "app.count", value: env.app.count, allowed: `1 in a stack with backupJobs and a load balancer: the heartbeat is answered by ${BACKUP_HOST} alone, and the load balancer would ask any app Droplet` });
    }
    if (jobs.dump) {
      problems.push(...scheduleProblems(stack, "backupJobs.dump", jobs.dump));
      // The provider refuses an expiration under 1 day (resource_spaces_bucket.go, expiration.days IntAtLeast(1)).
      problems.push(...countProblems(stack, "backupJobs.dump.retentionDays", jobs.dump.retentionDays, 1).map((p) => ({ ...p, allowed: "a whole number of days ≥ 1" })));
    }
    if (jobs.copy) {
      problems.push(...scheduleProblems(stack, "backupJobs.copy", jobs.copy));
      const source = envs[jobs.copy.from] as EnvironmentConfig | undefined;
      const withBuckets = (Object.keys(envs) as StackName[]).filter((s) => s !== stack && envs[s].bucket);
      if (!source || jobs.copy.from === stack || !source.bucket) {
        problems.push({ where: stack, field: "backupJobs.copy.from", value: jobs.copy.from, allowed: `another stack with a bucket: ${withBuckets.join(", ") || "none"}` });
      } else if (source.region === env.region) {
        problems.push({
          where: stack,
          field: "backupJobs.copy.from",
          value: jobs.copy.from,
          allowed: `a stack whose bucket is in another region than this one (${env.region}): a copy in the same region does not survive the region; ${withBuckets.filter((s) => envs[s].region !== env.region).join(", ") || "no stack qualifies"}`,
        });
      }
    }
  }
  return problems;
}

/**
 * The jobs as the stack runs them. `tookOverFrom`: the stack this one has taken over from
 * (PLATFORM_DR_MODE=failover): a copy of its bucket is dropped, since dr in failover reads nothing
 * in that stack's region (the bucket is there); without a job left, there are no jobs.
 */
function resolveBackupJobs(platform: PlatformConfig, envs: Record<StackName, EnvironmentConfig>, stack: StackName, tookOverFrom?: StackName): ResolvedBackupJobs | undefined {
  const jobs = envs[stack].backupJobs!;
  const copy = jobs.copy && jobs.copy.from !== tookOverFrom ? jobs.copy : undefined;
  const source = copy ? envs[copy.from] : undefined;
  if (!(copy && source?.bucket) && !jobs.dump) return undefined;
  return {
    host: BACKUP_HOST,
    ...(copy && source?.bucket
      ? {
          copy: {
            ...copy,
            sourceState: { bucket: stateBucketOf(platform.state, copy.from), key: stateKey(platform, copy.from), region: platform.state.region },
            sourceRegion: source.region,
            prefix: `${copy.from}-${source.bucket.purpose}/`,
          },
        }
      : {}),
    ...(jobs.dump ? { dump: { ...jobs.dump, prefix: "database/" } } : {}),
  };
}

/** The key of a stack's state in its state bucket. */
export function stateKey(platform: SharedPlatformConfig, stack: StackName): string {
  return `${platform.app}/${stack}.tfstate`;
}

/**
 * The takeover pair of the matrix, if any: a stack with a read-only replica of another stack's
 * database and a load balancer of its own (to serve the other's hostname with a certificate made
 * before it is needed) can take over from that stack.
 */
export function takeoverPair(envs: Record<StackName, SharedEnvironmentConfig>): { standby: StackName; source: StackName } | undefined {
  for (const stack of STACK_NAMES) {
    const env = envs[stack];
    const db = env.database;
    // Only Droplet stacks take over (App Platform's dr stands by: config/resolve-app-platform.ts).
    if (db.kind === "replica" && "loadBalancerSizeUnit" in env && env.loadBalancerSizeUnit !== null) return { standby: stack, source: db.of };
  }
  return undefined;
}

function takeoverProblems(platform: PlatformConfig, envs: Record<StackName, EnvironmentConfig>, mode: DrMode): Problem[] {
  if (mode === "standby" || takeoverPair(envs)) return [];
  const replicas = STACK_NAMES.filter((s) => envs[s].database.kind === "replica");
  const why = replicas.length === 0
    ? `${platform.app} has no stack holding a replica of another's database`
    : `${platform.app}'s ${replicas.join(", ")} hold${replicas.length === 1 ? "s" : ""} a replica but no load balancer to take over a hostname with`;
  return [{ where: "selection", field: "PLATFORM_DR_MODE", value: mode, allowed: `standby (${why}; failover needs a dr stack with a read-only replica and a load balancer)` }];
}

/** The variable that names the promoted cluster in failover mode. */
export const PROMOTED_CLUSTER_VARIABLE = "PLATFORM_DR_PROMOTED_CLUSTER";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The names this platform gives clusters and replicas (`<app>-<stack>-<engine>[-…]`) and DigitalOcean shows. */
const CLUSTER_NAME = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;
const PROMOTED_ALLOWED =
  "the name of the cluster the replica became, exactly as `doctl databases list` (Name column) or the control panel shows it, " +
  "e.g. bizsocials-dr-mysql-replica: 3–63 lowercase letters, digits and dashes. Not its id: the provider (v2.71.0) reads a cluster by name only";

/**
 * PLATFORM_DR_PROMOTED_CLUSTER: in failover mode, the name of the promoted cluster, as the operator
 * reads it after promotion; nothing is assumed about what promotion does to the name (DigitalOcean's
 * promote call answers 204 and says nothing of it). Not allowed in standby mode, where it would be
 * ignored. `undefined` in standby.
 */
export function parsePromotedCluster(value: string | undefined, mode: DrMode): string | undefined {
  const given = value === undefined || value === "" ? undefined : value;
  if (mode === "standby") {
    if (given === undefined) return undefined;
    throw new ConfigError([{ where: "selection", field: PROMOTED_CLUSTER_VARIABLE, value: given, allowed: "unset in standby mode (it names the promoted cluster with PLATFORM_DR_MODE=failover only)" }]);
  }
  if (given === undefined) {
    throw new ConfigError([{ where: "selection", field: PROMOTED_CLUSTER_VARIABLE, value: null, allowed: `set with PLATFORM_DR_MODE=failover: ${PROMOTED_ALLOWED}` }]);
  }
  if (UUID.test(given) || !CLUSTER_NAME.test(given)) {
    throw new ConfigError([{ where: "selection", field: PROMOTED_CLUSTER_VARIABLE, value: given, allowed: PROMOTED_ALLOWED }]);
  }
  return given;
}

function clusterName(platform: SharedPlatformConfig, stack: StackName, purpose?: string): string {
  const engine = platform.database.engine;
  return new Naming(platform.app, stack).name(purpose ? `${engine}-${purpose}` : engine);
}

export function resolveCluster(platform: SharedPlatformConfig, stack: StackName, spec: DatabaseClusterSpec, purpose?: string): ResolvedDatabase {
  return { ...spec, name: clusterName(platform, stack, purpose), engine: platform.database.engine, version: platform.database.version };
}

/**
 * An extra database: a cluster, or a read-only replica of the same purpose's cluster in another
 * stack, resolved as the main database's replica is (`<app>-<stack>-<engine>-<purpose>-replica`,
 * the source's size and disk). It stays a replica after failover: only the main database is
 * promoted by name (PLATFORM_DR_PROMOTED_CLUSTER); docs/disaster-recovery.md says what that means
 * for the audit data.
 */
export function resolveExtraDatabase(platform: SharedPlatformConfig, stack: StackName, envs: Record<StackName, SharedEnvironmentConfig>, purpose: string): ResolvedDatabase {
  const spec = envs[stack].extraDatabases![purpose]!;
  if (spec.kind === "cluster") return resolveCluster(platform, stack, spec, purpose);
  const source = envs[spec.of].extraDatabases?.[purpose];
  if (source?.kind !== "cluster") throw new Error(`unreachable: ${stack}'s ${purpose} replicates ${spec.of}, which has no ${purpose} cluster`);
  const engine = platform.database.engine;
  return {
    kind: "replica",
    sourceClusterName: clusterName(platform, spec.of, purpose),
    size: source.size,
    ...(source.storageGib !== undefined ? { storageGib: source.storageGib } : {}),
    name: new Naming(platform.app, stack).name(`${engine}-${purpose}-replica`),
    engine,
  };
}

export function resolveDatabase(platform: SharedPlatformConfig, stack: StackName, envs: Record<StackName, SharedEnvironmentConfig>, promoted: string | undefined): ResolvedDatabase {
  const db = envs[stack].database;
  if (db.kind === "cluster") return resolveCluster(platform, stack, db);
  const source = envs[db.of].database;
  if (source.kind !== "cluster") throw new Error(`unreachable: ${stack} replicates ${db.of}, which has no cluster`);
  if (promoted !== undefined) return { kind: "promoted", name: promoted, engine: platform.database.engine };
  const name = new Naming(platform.app, stack).name(`${platform.database.engine}-replica`);
  return { kind: "replica", sourceClusterName: clusterName(platform, db.of), size: source.size, ...(source.storageGib !== undefined ? { storageGib: source.storageGib } : {}), name, engine: platform.database.engine };
}

/** The promoted cluster as resolvePlatform takes it: required in failover (where dr can take over), refused otherwise. */
function promotedClusterProblems(platform: PlatformConfig, envs: Record<StackName, EnvironmentConfig>, mode: DrMode, promoted: string | undefined): Problem[] {
  const pair = takeoverPair(envs);
  try {
    parsePromotedCluster(promoted, mode);
  } catch (e) {
    if (e instanceof ConfigError) return mode === "failover" && !pair ? [] : [...e.problems];
    throw e;
  }
  if (mode === "failover" && pair && promoted === clusterName(platform, pair.source)) {
    return [{ where: "selection", field: PROMOTED_CLUSTER_VARIABLE, value: promoted, allowed: `not ${pair.source}'s own cluster: the cluster ${pair.standby}'s replica became when it was promoted (${PROMOTED_ALLOWED})` }];
  }
  return [];
}

/**
 * Which Droplet runs what. Jobs (queue workers, the scheduler) run only where the database takes
 * writes: never beside a read-only replica, and on the source of a takeover only until failover.
 * Workers run on the worker Droplets, or on every app Droplet where there are none; the scheduler
 * on exactly one Droplet (the first worker, else the first app Droplet), so each task runs once.
 */
export function planDroplets(env: EnvironmentConfig, runsJobs: boolean, processes: { worker: boolean; scheduler: boolean }): DropletPlan[] {
  const apps = Array.from({ length: env.app.count }, (_, i) => ({ id: `app-${i + 1}`, group: "app" as const, roles: new Set<ProcessRole>(["web"]) }));
  const workers = Array.from({ length: env.worker.count }, (_, i) => ({ id: `worker-${i + 1}`, group: "worker" as const, roles: new Set<ProcessRole>() }));
  if (runsJobs) {
    const jobHosts = workers.length > 0 ? workers : apps;
    if (processes.worker) for (const d of jobHosts) d.roles.add("worker");
    if (processes.scheduler) jobHosts[0]?.roles.add("scheduler");
  }
  const order: readonly ProcessRole[] = ["web", "worker", "scheduler"];
  return [...apps, ...workers].map((d) => ({ id: d.id, group: d.group, roles: order.filter((r) => d.roles.has(r)) }));
}

/**
 * Validates everything and returns the resolved environments. Throws one ConfigError listing
 * every problem; nothing has been constructed or written when it throws.
 */
export function resolvePlatform(
  platform: PlatformConfig,
  envs: Record<StackName, EnvironmentConfig>,
  drMode: DrMode = "standby",
  /** PLATFORM_DR_PROMOTED_CLUSTER: the promoted cluster's name, required in failover mode. */
  promotedCluster?: string,
): Record<StackName, ResolvedEnvironment> {
  const problems = [
    ...validatePlatform(platform),
    ...STACK_NAMES.flatMap((s) => validateEnvironment(s, envs[s], platform.database.engine)),
    ...validateAcrossEnvironments(envs),
    ...validateStateLayout(platform.state, envs),
    ...validateStateRegion(platform.state, envs),
    ...validateAgainstRuntime(platform, envs),
    ...validateBackupJobs(envs),
    ...hostnameProblems(platform, envs),
    ...takeoverProblems(platform, envs, drMode),
    ...promotedClusterProblems(platform, envs, drMode, promotedCluster),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  const processes = runtimeOf(platform.runtime).processes(platform.runtime);
  const hostnameOf = (stack: StackName) => resolveHostnames(platform, envs, stack, undefined).hostname;
  const pair = takeoverPair(envs);
  const takeoverOf = (stack: StackName): Takeover | undefined =>
    pair && (stack === pair.standby || stack === pair.source)
      ? {
          mode: drMode,
          side: stack === pair.standby ? "standby" : "source",
          ...pair,
          hostname: hostnameOf(pair.source),
          standbyLoadBalancer: new Naming(platform.app, pair.standby).name("lb"),
          marker: `_${platform.app}-takeover`,
        }
      : undefined;
  const resolved = {} as Record<StackName, ResolvedEnvironment>;
  for (const stack of STACK_NAMES) {
    const env = envs[stack];
    const takeover = takeoverOf(stack);
    const failedOver = takeover?.mode === "failover";
    const runsJobs = takeover ? (takeover.side === "standby") === failedOver : env.database.kind === "cluster";
    const { hostname, hostnames, publicHostnames } = resolveHostnames(platform, envs, stack, takeover?.side === "standby" ? takeover.source : undefined);
    resolved[stack] = {
      ...env,
      stack,
      hostname,
      hostnames,
      publicHostnames,
      appHostname: takeover?.side === "standby" && failedOver ? takeover.hostname : hostname,
      database: resolveDatabase(platform, stack, envs, takeover?.side === "standby" && failedOver ? promotedCluster : undefined),
      extraDatabases: Object.fromEntries(
        Object.keys(env.extraDatabases ?? {}).map((purpose) => [purpose, resolveExtraDatabase(platform, stack, envs, purpose)]),
      ),
      droplets: planDroplets(env, runsJobs, processes),
      ...(takeover ? { takeover } : {}),
    };
    const backups = env.backupJobs ? resolveBackupJobs(platform, envs, stack, takeover?.side === "standby" && failedOver ? takeover.source : undefined) : undefined;
    if (backups) resolved[stack] = { ...resolved[stack], backups };
  }
  return resolved;
}
