import { REGION_SLUGS } from "../../catalog/regions";
import { environments, PLATFORM } from "../../config/environments";
import { DROPLET_PRESET_NAMES as PRESET_NAMES, DROPLET_PRESETS as PRESETS } from "../../config/presets";
import { DR_MODES, PROD_PROFILES, STACK_NAMES, type AppPlatformPreset, type EnvironmentConfig, type PlatformConfig, type StackName, type StateBackendConfig } from "../../config/types";
import { ConfigError, clusterStorageProblems, formatProblem, parseCidr, resolvePlatform, stateBucketName, stateBucketOf, validateStateBackend, validateStateLayout, validateStateRegion } from "../../config/validate";
import { parseDrMode, parsePreset, parseProfile, parseStackSelection, readSelection, resolveSelection } from "../../config/selection";
import { resolveAppPlatform } from "../../config/resolve-app-platform";
import { RUNTIME_KINDS } from "../../runtimes";
import type { RuntimeConfig } from "../../runtimes/types";

type Envs = Record<StackName, EnvironmentConfig>;

/** The matrix with one stack's settings replaced: how a typo in config/environments.ts looks. */
function withEnv(stack: StackName, patch: Partial<EnvironmentConfig>): Envs {
  const envs = environments("launch");
  return { ...envs, [stack]: { ...envs[stack], ...patch } };
}

function problemsOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

describe("resolvePlatform accepts the matrix as shipped", () => {
  it.each(PROD_PROFILES)("profile %s", (profile) => {
    const resolved = resolvePlatform(PLATFORM, environments(profile));
    expect(Object.keys(resolved).sort()).toEqual([...STACK_NAMES].sort());
    expect(resolved.dr.database).toMatchObject({ kind: "replica", sourceClusterName: "bizsocials-prod-mysql", name: "bizsocials-dr-mysql-replica" });
    // A replica may not be smaller than its primary: it follows prod's size under every profile.
    expect(resolved.prod.database.kind).toBe("cluster");
    const [dr, prod] = [resolved.dr.database, resolved.prod.database];
    expect(dr.kind === "replica" ? dr.size : undefined).toBe(prod.kind === "cluster" ? prod.size : "no cluster");
  });
});

describe("bad matrix values fail before anything is built, naming stack, field, value and what is allowed", () => {
  it.each([
    ["negative worker count", withEnv("staging", { worker: { count: -1, size: "s-1vcpu-2gb" } }), "staging: worker.count = -1", "an integer ≥ 0"],
    ["fractional app count", withEnv("prod", { app: { count: 1.5, size: "s-2vcpu-2gb" } }), "prod: app.count = 1.5", "an integer ≥ 1"],
    ["zero app droplets", withEnv("dev", { app: { count: 0, size: "s-1vcpu-1gb" } }), "dev: app.count = 0", "an integer ≥ 1"],
    ["database nodes not an integer", withEnv("dev", { database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 0.5 } }), "dev: database.nodes = 0.5", "an integer ≥ 1"],
    ["cache nodes negative", withEnv("dev", { cache: { size: "db-s-1vcpu-1gb", nodes: -2 } }), "dev: cache.nodes = -2", "an integer ≥ 1"],
    ["malformed CIDR", withEnv("staging", { vpcCidr: "10.20.0/20" }), 'staging: vpcCidr = "10.20.0/20"', "private IPv4 network address"],
    ["CIDR with host bits", withEnv("staging", { vpcCidr: "10.20.0.1/20" }), 'staging: vpcCidr = "10.20.0.1/20"', "private IPv4 network address"],
    ["public CIDR", withEnv("staging", { vpcCidr: "8.8.0.0/20" }), 'staging: vpcCidr = "8.8.0.0/20"', "10/8, 172.16/12 or 192.168/16"],
    ["overlapping CIDR", withEnv("dr", { vpcCidr: "10.30.8.0/24" }), 'dr: vpcCidr = "10.30.8.0/24"', "does not overlap prod's 10.30.0.0/20"],
    ["unknown region", withEnv("dr", { region: "mars1" as never }), 'dr: region = "mars1"', REGION_SLUGS.join(", ")],
    ["a CDN without a bucket", withEnv("staging", { bucket: null }), "staging: cdn = true", "false when bucket is null"],
    ["a budget of zero", withEnv("dev", { budgetUsd: 0 }), "dev: budgetUsd = 0", "a positive number"],
    ["a retention of zero days", withEnv("dr", { bucket: { purpose: "backups", versioning: true, noncurrentVersionExpiryDays: 0 } }), "dr: bucket.noncurrentVersionExpiryDays = 0", "a whole number of days ≥ 1"],
    ["a negative retention", withEnv("prod", { bucket: { purpose: "media", versioning: true, noncurrentVersionExpiryDays: -30 } }), "prod: bucket.noncurrentVersionExpiryDays = -30", "a whole number of days ≥ 1"],
    ["a pool of zero connections", withEnv("dev", { database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1, pool: { mode: "transaction", size: 0 } } }), "dev: database.pool.size = 0", "an integer ≥ 1"],
    ["an extra database with a bad purpose", withEnv("prod", { extraDatabases: { "Audit Log": { kind: "cluster", size: "db-s-1vcpu-2gb", nodes: 2 } } }), 'prod: extraDatabases = "Audit Log"', "2–16 lowercase letters"],
    // Disk: the plan's included storage (db-s-1vcpu-2gb: 30 GiB) in 10 GiB steps up to 15360 GiB (catalog DATABASE_STORAGE).
    ["a disk below the plan's included storage", withEnv("prod", { database: { kind: "cluster", size: "db-s-1vcpu-2gb", nodes: 2, storageGib: 20 } }), "prod: database.storageGib = 20", "30 GiB (db-s-1vcpu-2gb's included disk) up to 15360 GiB in steps of 10 GiB (30, 40, 50, 60, …)"],
    ["a disk not a step above the plan's", withEnv("prod", { database: { kind: "cluster", size: "db-s-1vcpu-2gb", nodes: 2, storageGib: 45 } }), "prod: database.storageGib = 45", "in steps of 10 GiB"],
    ["a disk above the maximum", withEnv("prod", { extraDatabases: { audit: { kind: "cluster", size: "db-s-1vcpu-2gb", nodes: 2, storageGib: 20000 } } }), "prod: extraDatabases.audit.storageGib = 20000", "up to 15360 GiB"],
    ["a read-only node smaller than its primary", withEnv("prod", { database: { kind: "cluster", size: "db-s-1vcpu-2gb", nodes: 2, readReplica: { size: "db-s-1vcpu-1gb" } } }), 'prod: database.readReplica.size = "db-s-1vcpu-1gb"', "at least the primary's db-s-1vcpu-2gb (DigitalOcean refuses a read-only node smaller than its primary): db-s-1vcpu-2gb, db-s-2vcpu-4gb, db-s-4vcpu-8gb, db-s-6vcpu-16gb"],
    ["an extra replica of a stack without that cluster", withEnv("dr", { extraDatabases: { ledger: { kind: "replica", of: "prod" } } }), 'dr: extraDatabases.ledger.of = "prod"', "another stack that owns a ledger cluster (extraDatabases.ledger of kind cluster): none"],
    ["a scale-out alert at 100 %", withEnv("prod", { scaleOutAlert: { cpuPercent: 100, action: "move prod to the growth profile" } }), "prod: scaleOutAlert.cpuPercent = 100", "a whole percentage from 1 to 99"],
    ["a scale-out alert that says nothing to do", withEnv("prod", { scaleOutAlert: { cpuPercent: 70, action: "scale" } }), 'prod: scaleOutAlert.action = "scale"', "what ops do when it fires"],
    ["a scale-out alert in a stack without alerting", withEnv("dev", { scaleOutAlert: { cpuPercent: 70, action: "move prod to the growth profile" } }), "dev: alerting = false", "true in a stack with a scaleOutAlert"],
    ["a suppression without a reason", withEnv("prod", { suppressions: [{ rule: "DO-COST-1", reason: "ok" }] }), 'prod: suppressions[0].reason = "ok"', "at least 20 characters"],
    ["a suppression of a malformed rule id", withEnv("prod", { suppressions: [{ rule: "cost", reason: "launch month, approved by finance in PR 12" }] }), 'prod: suppressions[0].rule = "cost"', "a rule judged on the whole stack (DO-COST-1, DO-COST-2)"],
    ["a stack-wide suppression of a per-resource rule", withEnv("prod", { suppressions: [{ rule: "DO-DATA-1", reason: "we really want to be able to destroy prod" }] }), 'prod: suppressions[0].rule = "DO-DATA-1"', "suppress other rules on the construct"],
  ])("%s", (_name, envs, where, allowed) => {
    const error = problemsOf(() => resolvePlatform(PLATFORM, envs));
    expect(error.message).toContain(where);
    expect(error.message).toContain(allowed);
  });

  it.each([
    ["empty app name", { app: "" }, 'platform: app = ""', "lowercase name"],
    ["empty domain", { domain: "" }, 'platform: domain = ""', "DNS domain"],
    ["malformed domain", { domain: "biz socials" }, 'platform: domain = "biz socials"', "DNS domain"],
  ] as const)("%s", (_name, patch, where, allowed) => {
    const platform: PlatformConfig = { ...PLATFORM, ...patch };
    const error = problemsOf(() => resolvePlatform(platform, environments("launch")));
    expect(error.message).toContain(where);
    expect(error.message).toContain(allowed);
  });

  it("reports every problem at once, not just the first", () => {
    const envs = { ...withEnv("dev", { vpcCidr: "nope" }), staging: { ...environments("launch").staging, worker: { count: -1, size: "s-1vcpu-2gb" as const } } };
    const error = problemsOf(() => resolvePlatform({ ...PLATFORM, domain: "" }, envs));
    expect(error.problems.map((p) => `${p.where}.${p.field}`).sort()).toEqual(["dev.vpcCidr", "platform.domain", "staging.worker.count"]);
  });
});

/** A preset's platform with its runtime config patched: how a typo in config/presets/*.ts looks. */
function withRuntime(preset: keyof typeof PRESETS, patch: Record<string, unknown>): PlatformConfig {
  const platform = PRESETS[preset].platform;
  return { ...platform, runtime: { ...platform.runtime, ...patch } as RuntimeConfig };
}

it("refuses temp/ uploads expiring after 0 days", () => {
  const error = problemsOf(() => resolvePlatform({ ...PLATFORM, tempObjectExpiryDays: 0 }, environments("launch")));
  expect(error.message).toContain("platform: tempObjectExpiryDays = 0");
  expect(error.message).toContain("a whole number of days ≥ 1");
});

describe("runtimes: every preset names one, and a bad one fails before anything is built", () => {
  it.each(PRESET_NAMES)("%s's runtime config is valid", (name) => {
    expect(() => resolvePlatform(PRESETS[name].platform, PRESETS[name].environments("launch"))).not.toThrow();
    expect(RUNTIME_KINDS).toContain(PRESETS[name].platform.runtime.kind);
  });

  it.each(RUNTIME_KINDS)("runtime %s is used by a preset", (kind) => {
    expect(PRESET_NAMES.map((n) => PRESETS[n].platform.runtime.kind)).toContain(kind);
  });

  it.each([
    ["a runtime no preset defines", "bizsocials", { kind: "rails" }, 'platform: runtime.kind = "rails"', RUNTIME_KINDS.join(", ")],
    ["a health path without its leading /", "bizsocials", { healthPath: "up" }, 'platform: runtime.healthPath = "up"', "starting with /"],
    ["a health path with a query", "quickcart", { healthPath: "/health?full=1" }, 'platform: runtime.healthPath = "/health?full=1"', "no query"],
    ["a health path on python", "bulletdrop", { healthPath: "health" }, 'platform: runtime.healthPath = "health"', "starting with /"],
    ["an image without a tag or digest", "quickcart", { image: "ghcr.io/quickcart/app" }, 'platform: runtime.image = "ghcr.io/quickcart/app"', "a version tag"],
    ["an image tagged latest", "freshtrack", { image: "ghcr.io/freshtrack-pro/backend:latest" }, 'platform: runtime.image = "ghcr.io/freshtrack-pro/backend:latest"', "not latest"],
    ["a registry port taken for a tag", "quickcart", { image: "registry.example:5000/app" }, 'platform: runtime.image = "registry.example:5000/app"', "a version tag"],
    ["an empty migration command", "bulletdrop", { migrate: { command: [] } }, "platform: runtime.migrate.command = []", "a non-empty list of words"],
    ["an ASGI module without an attribute", "bulletdrop", { module: "app.main" }, 'platform: runtime.module = "app.main"', "module:attribute"],
    ["a zero upload limit", "bizsocials", { maxUploadMb: 0 }, "platform: runtime.maxUploadMb = 0", "an integer from 1 to 2048"],
    ["a queue timeout at retry_after", "bizsocials", { queue: { processes: 2, tries: 3, timeoutSeconds: 90, retryAfterSeconds: 90 } }, "platform: runtime.queue.timeoutSeconds = 90", "at least 10 s below queue.retryAfterSeconds (90)"],
  ] as const)("%s", (_name, preset, patch, where, allowed) => {
    const error = problemsOf(() => resolvePlatform(withRuntime(preset, patch), PRESETS[preset].environments("launch")));
    expect(error.message).toContain(where);
    expect(error.message).toContain(allowed);
  });

  it.each([
    ["ghcr.io/acme/app:1.4.2", true],
    ["ghcr.io/acme/app@sha256:" + "a".repeat(64), true],
    ["registry.example:5000/acme/app:2", true],
    ["acme/app", false],
    ["registry.example:5000/acme/app", false],
    ["ghcr.io/acme/app@sha256:short", false],
  ])("container image %s has a tag or digest: %s", (image, ok) => {
    const problems = () => resolvePlatform(withRuntime("quickcart", { image }), PRESETS.quickcart.environments("launch"));
    if (ok) expect(problems).not.toThrow();
    else expect(problemsOf(problems).message).toContain("platform: runtime.image");
  });

  it("refuses worker Droplets where the runtime has nothing for them to run", () => {
    const envs = PRESETS.bulletdrop.environments("launch");
    const error = problemsOf(() => resolvePlatform(PRESETS.bulletdrop.platform, { ...envs, prod: { ...envs.prod, worker: { count: 1, size: "s-1vcpu-2gb" } } }));
    expect(error.message).toContain("prod: worker.count = 1");
    expect(error.message).toContain("the python runtime of bulletdrop defines no worker or scheduler command");
  });
});

describe("dr mode", () => {
  it.each(DR_MODES)("accepts %s", (mode) => {
    expect(parseDrMode(mode)).toBe(mode);
    expect(readSelection({ PLATFORM_DR_MODE: mode, ...(mode === "failover" ? { PLATFORM_DR_PROMOTED_CLUSTER: "bizsocials-dr-mysql-replica" } : {}) }).drMode).toBe(mode);
  });

  it("defaults to standby and rejects an unknown mode, listing the allowed ones", () => {
    expect(parseDrMode(undefined)).toBe("standby");
    const error = problemsOf(() => readSelection({ PLATFORM_DR_MODE: "active" }));
    expect(error.message).toContain('selection: PLATFORM_DR_MODE = "active"');
    expect(error.message).toContain("standby, failover");
  });

  it.each(PRESET_NAMES.filter((n) => n !== "freshtrack"))("%s can fail over: its dr holds a replica and a load balancer", (name) => {
    const resolved = resolvePlatform(PRESETS[name].platform, PRESETS[name].environments("launch"), "failover", "promoted-by-hand");
    expect(resolved.dr.takeover).toMatchObject({ mode: "failover", side: "standby", source: "prod" });
    // The promoted cluster is the one the operator named, not a name the stack assumes promotion keeps.
    expect(resolved.dr.database).toMatchObject({ kind: "promoted", name: "promoted-by-hand" });
    // dr after failover copies nothing from prod (the bucket is in prod's region); its dump stays.
    expect(resolved.dr.backups?.copy).toBeUndefined();
    if (PRESETS[name].environments("launch").dr.backupJobs?.dump) expect(resolved.dr.backups?.dump).toBeDefined();
  });

  it("refuses failover for a preset whose dr cannot take over, saying why", () => {
    const error = problemsOf(() => resolvePlatform(PRESETS.freshtrack.platform, PRESETS.freshtrack.environments("launch"), "failover"));
    expect(error.message).toContain('selection: PLATFORM_DR_MODE = "failover"');
    expect(error.message).toContain("freshtrack's dr holds a replica but no load balancer");
  });

  it("refuses failover for a matrix without a dr replica at all", () => {
    const envs = environments("launch");
    const error = problemsOf(() => resolvePlatform(PLATFORM, { ...envs, dr: { ...envs.dr, database: { kind: "cluster", size: "db-s-1vcpu-2gb", nodes: 1 } } }, "failover"));
    expect(error.message).toContain("bizsocials has no stack holding a replica of another's database");
  });
});

describe("run-time selection", () => {
  it.each(STACK_NAMES)("selects stack %s", (stack) => {
    expect(parseStackSelection(stack)).toEqual([stack]);
  });

  it("selects every stack by default, in a fixed order", () => {
    expect(parseStackSelection(undefined)).toEqual([...STACK_NAMES]);
    expect(parseStackSelection("prod, dev")).toEqual(["dev", "prod"]);
  });

  it("rejects an unknown stack name, listing the allowed ones", () => {
    const error = problemsOf(() => parseStackSelection("dev,production"));
    expect(error.message).toContain('selection: stack name = "production" (from PLATFORM_STACKS="dev,production")');
    expect(error.message).toContain("dev, staging, prod, dr");
  });

  it.each(PROD_PROFILES)("accepts profile %s", (profile) => {
    expect(parseProfile(profile, "launch")).toBe(profile);
  });

  it("rejects an unknown profile, listing the allowed ones", () => {
    const error = problemsOf(() => parseProfile("huge", "launch"));
    expect(error.message).toContain('prod: profile = "huge" (from PLATFORM_PROD_PROFILE)');
    expect(error.message).toContain("launch, growth");
  });

  it.each(PRESET_NAMES)("selects preset %s with PLATFORM_PRESET", (name) => {
    expect(readSelection({ PLATFORM_PRESET: name }).preset).toBe(PRESETS[name]);
    expect(readSelection({ PLATFORM_PRESET: name }).platform.app).toBe(PRESETS[name].platform.app);
  });

  it("defaults to the bizsocials preset and rejects an unknown one, listing the allowed ones", () => {
    expect(parsePreset(undefined).name).toBe("bizsocials");
    const error = problemsOf(() => parsePreset("mastodon"));
    expect(error.message).toContain('selection: PLATFORM_PRESET = "mastodon"');
    expect(error.message).toContain(PRESET_NAMES.join(", "));
  });

  it.each([
    ["an unknown compute kind", { PLATFORM_COMPUTE: "lambda" }, 'selection: PLATFORM_COMPUTE = "lambda"', "allowed: droplets, app-platform, or unset"],
    ["App Platform for a preset without that variant", { PLATFORM_PRESET: "quickcart", PLATFORM_COMPUTE: "app-platform" }, 'selection: PLATFORM_COMPUTE = "app-platform"', "allowed: droplets (quickcart has no app-platform variant)"],
    ["Droplets for a preset on App Platform only", { PLATFORM_PRESET: "themesystem", PLATFORM_COMPUTE: "droplets" }, 'selection: PLATFORM_COMPUTE = "droplets"', "allowed: app-platform (themesystem has no droplets variant)"],
  ] as const)("refuses %s, naming PLATFORM_COMPUTE and what the preset offers", (_name, env, where, allowed) => {
    const error = problemsOf(() => readSelection(env));
    expect(error.message).toContain(where);
    expect(error.message).toContain(allowed);
  });

  it("selects a preset's own kind when PLATFORM_COMPUTE is unset or empty, and BizSocials' App Platform variant when asked", () => {
    expect(readSelection({}).platform.compute).toBeUndefined();
    expect(readSelection({ PLATFORM_COMPUTE: "" }).platform.compute).toBeUndefined();
    expect(readSelection({ PLATFORM_COMPUTE: "app-platform" }).platform.compute?.kind).toBe("app-platform");
    expect(readSelection({ PLATFORM_PRESET: "themesystem" }).platform.compute?.kind).toBe("app-platform");
  });

  it("refuses failover on an App Platform preset: dr stands by there", () => {
    const error = problemsOf(() => resolveSelection(readSelection({ PLATFORM_PRESET: "themesystem", PLATFORM_DR_MODE: "failover" })));
    expect(error.message).toContain('selection: PLATFORM_DR_MODE = "failover"');
    expect(error.message).toContain("themesystem runs on App Platform");
  });

  it("refuses Droplet-only options on an App Platform preset, by name, before anything is built", () => {
    const selection = readSelection({ PLATFORM_PRESET: "themesystem" });
    const preset = selection.preset as AppPlatformPreset;
    const envs = preset.environments("launch");
    const withDroplets = { ...envs, prod: { ...envs.prod, dropletBackups: { plan: "weekly", weekday: "SUN", hour: 4 } } } as never;
    const error = problemsOf(() => resolveAppPlatform({ ...preset.platform, runtime: { kind: "laravel" } } as never, withDroplets));
    expect(error.message).toContain("platform: runtime =");
    expect(error.message).toContain("prod: dropletBackups =");
    expect(error.message).toContain("App Platform runs");
  });

  it("reads overrides of the state backend from the environment", () => {
    const selection = readSelection({ PLATFORM_STATE_BUCKET_PREFIX: "acme-tfstate", PLATFORM_STATE_REGION: "fra1" });
    expect(selection.platform.state).toEqual({ ...PLATFORM.state, bucketPrefix: "acme-tfstate", region: "fra1" });
    expect(selection.platform.state.buckets.map((b) => stateBucketName(selection.platform.state, b))).toEqual(["acme-tfstate-nonprod", "acme-tfstate-prod"]);
    expect(readSelection({}).platform.state).toEqual(PLATFORM.state);
  });

  it("rejects a state region without Spaces and a malformed bucket prefix, together", () => {
    const error = problemsOf(() => readSelection({ PLATFORM_STATE_BUCKET_PREFIX: "Bad_Bucket", PLATFORM_STATE_REGION: "nyc1", PLATFORM_STACKS: "qa" }));
    expect(error.problems.map((p) => p.field).sort()).toEqual(["bucket nonprod", "bucket prod", "region", "stack name"]);
    expect(error.message).toContain('state backend: region = "nyc1" (from PLATFORM_STATE_REGION) is not allowed');
    expect(error.message).toContain('state backend: bucket prod = "Bad_Bucket-prod" (from PLATFORM_STATE_BUCKET_PREFIX="Bad_Bucket") is not allowed');
  });

  it("refuses the single-bucket PLATFORM_STATE_BUCKET, naming what replaced it", () => {
    const error = problemsOf(() => readSelection({ PLATFORM_STATE_BUCKET: "acme-tfstate" }));
    expect(error.message).toContain('selection: PLATFORM_STATE_BUCKET = "acme-tfstate"');
    expect(error.message).toContain("PLATFORM_STATE_BUCKET_PREFIX");
    expect(error.message).toContain("<prefix>-nonprod, <prefix>-prod");
  });

  it("selects the bootstrap stack only when it is named", () => {
    expect(readSelection({}).bootstrap).toBe(false);
    expect(readSelection({}).stacks).toEqual([...STACK_NAMES]);
    expect(readSelection({ PLATFORM_STACKS: "bootstrap" })).toMatchObject({ bootstrap: true, stacks: [] });
    expect(readSelection({ PLATFORM_STACKS: "prod,bootstrap" })).toMatchObject({ bootstrap: true, stacks: ["prod"] });
    const error = problemsOf(() => readSelection({ PLATFORM_STACKS: "bootstrp" }));
    expect(error.message).toContain("allowed: dev, staging, prod, dr, bootstrap (only when named)");
  });

  it("selects every stack when PLATFORM_STACKS is unset, and only then", () => {
    expect(readSelection({}).stacks).toEqual([...STACK_NAMES]);
    expect(readSelection({ PLATFORM_STACKS: undefined }).stacks).toEqual([...STACK_NAMES]);
  });

  it.each([
    ["set but empty", "", 'selection: PLATFORM_STACKS = "" is not allowed', "unset PLATFORM_STACKS to select dev, staging, prod, dr"],
    ["only blanks", "  ", 'selection: PLATFORM_STACKS = "  " is not allowed', "unset PLATFORM_STACKS to select"],
    ["a stack named twice", "prod,prod", 'selection: stack name = "prod" (from PLATFORM_STACKS="prod,prod") is not allowed', "each stack named once"],
    ["a stack named twice, apart", "dev, prod ,dev", 'selection: stack name = "dev" (from PLATFORM_STACKS="dev, prod ,dev") is not allowed', "each stack named once"],
    ["bootstrap named twice", "bootstrap,bootstrap", 'selection: stack name = "bootstrap" (from PLATFORM_STACKS="bootstrap,bootstrap")', "each stack named once"],
    ["an empty entry", "prod,,dev", 'selection: stack name = "" (from PLATFORM_STACKS="prod,,dev") is not allowed', "no empty entry"],
    ["a trailing comma", "prod,", 'selection: stack name = "" (from PLATFORM_STACKS="prod,")', "no empty entry"],
  ])("rejects PLATFORM_STACKS %s, naming the variable and the value as written", (_name, value, message, allowed) => {
    for (const parse of [() => readSelection({ PLATFORM_STACKS: value }), () => parseStackSelection(value)]) {
      const error = problemsOf(parse);
      expect(error.message).toContain(message);
      expect(error.message).toContain(allowed);
      expect(error.problems).toHaveLength(1);
    }
  });

  it("names the stack arguments, not PLATFORM_STACKS, when a command's arguments replace it", () => {
    expect(readSelection({ PLATFORM_STACKS: "" }, ["prod"]).stacks).toEqual(["prod"]);
    const error = problemsOf(() => readSelection({ PLATFORM_STACKS: "dev" }, ["prod", "qa", "prod"]));
    expect(error.message).toContain('selection: stack name = "qa" (from the stack arguments "prod,qa,prod")');
    expect(error.message).toContain('selection: stack name = "prod" (from the stack arguments "prod,qa,prod") is not allowed; allowed: each stack named once');
    expect(error.message).not.toContain("PLATFORM_STACKS");
  });
});

describe("state layout", () => {
  const envs = PRESETS.bizsocials.environments("launch");
  const withBuckets = (buckets: StateBackendConfig["buckets"]): StateBackendConfig => ({ ...PLATFORM.state, buckets });

  it("accepts the default layout of every preset", () => {
    for (const name of PRESET_NAMES) {
      const preset = PRESETS[name];
      expect(validateStateLayout(preset.platform.state, preset.environments("launch"))).toEqual([]);
      expect(validateStateBackend(preset.platform.state)).toEqual([]);
    }
  });

  it("refuses a stack whose backend bucket the bootstrap does not define, listing the buckets it does", () => {
    const state = withBuckets([{ id: "nonprod", stacks: ["dev", "staging"] }, { id: "prod", stacks: ["prod"] }]);
    const problems = validateStateLayout(state, envs);
    expect(problems).toEqual([expect.objectContaining({ where: "state backend", field: "buckets (state of dr)" })]);
    expect(problems[0]!.allowed).toContain("bizsocials-tfstate-nonprod, bizsocials-tfstate-prod");
    expect(() => resolvePlatform({ ...PLATFORM, state }, envs)).toThrow(/state of dr/);
    expect(() => stateBucketOf(state, "dr")).toThrow(ConfigError);
  });

  it("refuses a stack in two buckets, and production state next to non-production state", () => {
    const twice = validateStateLayout(withBuckets([{ id: "all", stacks: ["dev", "staging", "prod", "dr"] }, { id: "prod", stacks: ["prod", "dr"] }]), envs);
    expect(twice.map((p) => p.field)).toEqual(["buckets (state of prod)", "buckets (state of dr)", "bucket all.stacks"]);
    expect(twice[2]!.allowed).toContain("production stacks (prod, dr) and the others (dev, staging) in separate buckets");
  });

  it("refuses duplicate, malformed and empty bucket lists and a bad retention", () => {
    const fields = (state: StateBackendConfig) => validateStateBackend(state).map((p) => p.field);
    expect(fields(withBuckets([]))).toEqual(["buckets"]);
    expect(fields(withBuckets([{ id: "a", stacks: ["dev"] }, { id: "a", stacks: ["prod"] }]))).toEqual(["bucket a"]);
    expect(fields(withBuckets([{ id: "-x", stacks: ["dev"] }]))).toEqual([]); // "bizsocials-tfstate--x" is a legal name
    expect(fields(withBuckets([{ id: "X", stacks: ["dev"] }]))).toEqual(["bucket X"]);
    expect(fields({ ...PLATFORM.state, noncurrentVersionDays: 0 })).toEqual(["noncurrentVersionDays"]);
  });
});

describe("parseCidr", () => {
  it.each(["10.10.0.0/20", "172.16.0.0/12", "192.168.4.0/24", "0.0.0.0/0"])("parses %s", (cidr) => {
    expect(parseCidr(cidr)).not.toBeNull();
  });
  it.each(["10.10.0.0", "10.10.0.0/33", "256.1.0.0/16", "10.10.0.1/20", "a.b.c.d/8", ""])("rejects %s", (cidr) => {
    expect(parseCidr(cidr)).toBeNull();
  });
});

describe("PLATFORM_DR_PROMOTED_CLUSTER (failover reads the promoted cluster the operator names)", () => {
  const failover = { PLATFORM_DR_MODE: "failover" };

  it("is taken in failover mode and handed to the stack", () => {
    const selection = readSelection({ ...failover, PLATFORM_DR_PROMOTED_CLUSTER: "bizsocials-dr-mysql-replica" });
    expect(selection.promotedCluster).toBe("bizsocials-dr-mysql-replica");
    expect(resolveSelection(selection).dr.database).toEqual({ kind: "promoted", name: "bizsocials-dr-mysql-replica", engine: "mysql" });
  });

  it("is required in failover mode: the error names the variable and what to give", () => {
    for (const value of [undefined, ""]) {
      const error = problemsOf(() => readSelection({ ...failover, ...(value === undefined ? {} : { PLATFORM_DR_PROMOTED_CLUSTER: value }) }));
      expect(error.message).toContain("selection: PLATFORM_DR_PROMOTED_CLUSTER is unset; it must be set with PLATFORM_DR_MODE=failover");
      expect(error.message).toContain("doctl databases list");
    }
    // resolvePlatform asks for it too (the stacks cannot be built without it).
    expect(problemsOf(() => resolvePlatform(PLATFORM, environments("launch"), "failover")).message).toContain("PLATFORM_DR_PROMOTED_CLUSTER is unset");
  });

  it.each([
    ["an id instead of a name", "9cc10173-e9ea-4176-9dbc-a4cee4c4ff30"],
    ["capitals", "BizSocials-dr"],
    ["a space", "bizsocials dr"],
    ["one character", "b"],
  ])("refuses %s, saying what is allowed", (_what, value) => {
    const error = problemsOf(() => readSelection({ ...failover, PLATFORM_DR_PROMOTED_CLUSTER: value }));
    expect(error.message).toContain(`selection: PLATFORM_DR_PROMOTED_CLUSTER = ${JSON.stringify(value)} is not allowed`);
    expect(error.message).toContain("Not its id: the provider (v2.71.0) reads a cluster by name only");
  });

  it("refuses prod's own cluster: dr would point at the database of the failed region", () => {
    const error = problemsOf(() => resolveSelection(readSelection({ ...failover, PLATFORM_DR_PROMOTED_CLUSTER: "bizsocials-prod-mysql" })));
    expect(error.message).toContain('PLATFORM_DR_PROMOTED_CLUSTER = "bizsocials-prod-mysql" is not allowed; allowed: not prod\'s own cluster');
  });

  it("is refused in standby mode, where it would be ignored", () => {
    const error = problemsOf(() => readSelection({ PLATFORM_DR_PROMOTED_CLUSTER: "bizsocials-dr-mysql-replica" }));
    expect(error.message).toContain('selection: PLATFORM_DR_PROMOTED_CLUSTER = "bizsocials-dr-mysql-replica" is not allowed; allowed: unset in standby mode');
  });
});

describe("state region (dr's plan must reach its state in an outage of prod's region)", () => {
  it.each(PRESET_NAMES)("%s keeps its state outside the region of any stack dr replicates", (name) => {
    const envs = PRESETS[name].environments("launch");
    expect(validateStateRegion(PRESETS[name].platform.state, envs)).toEqual([]);
    expect(PRESETS[name].platform.state.region).not.toBe(envs.prod.region);
  });

  it("refuses a state region equal to prod's, naming the override and the regions allowed", () => {
    const error = problemsOf(() => resolveSelection(readSelection({ PLATFORM_STATE_REGION: "nyc3" })));
    expect(error.message).toContain('state backend: region (PLATFORM_STATE_REGION overrides it) = "nyc3" is not allowed');
    expect(error.message).toContain("other than prod's nyc3 (dr replicates prod");
    expect(error.message).toMatch(/state\): sfo2, .*ams3, /);
  });
});

test("a read-only node on an engine the catalog gives none is a config error naming the field, the value and the engines that have them", () => {
  // Every engine of the shipped catalog has read-only nodes; the rule is checked against a catalog where one has none.
  const engines = { mysql: { label: "MySQL", readOnlyNodes: true }, pg: { label: "PostgreSQL", readOnlyNodes: false }, valkey: { label: "Valkey", readOnlyNodes: true } };
  const problems = clusterStorageProblems("prod", "database", { kind: "cluster", size: "db-s-2vcpu-4gb", nodes: 1, readReplica: { size: "db-s-2vcpu-4gb" } }, "pg", engines);
  expect(problems.map(formatProblem)).toEqual(['prod: database.readReplica = {"size":"db-s-2vcpu-4gb"} is not allowed; allowed: no readReplica: PostgreSQL clusters have no read-only nodes (mysql, valkey do)']);
  expect(clusterStorageProblems("prod", "database", { kind: "cluster", size: "db-s-2vcpu-4gb", nodes: 1, readReplica: { size: "db-s-2vcpu-4gb" } }, "pg")).toEqual([]);
});

test("extra storage on a plan without included disk (cache-only sizes) names what has it", () => {
  const problems = clusterStorageProblems("prod", "extraDatabases.audit", { kind: "cluster", size: "db-s-8vcpu-32gb", nodes: 1, storageGib: 100 }, "pg");
  expect(problems.map(formatProblem)).toEqual(["prod: extraDatabases.audit.storageGib = 100 is not allowed; allowed: no storageGib: db-s-8vcpu-32gb on pg has no additional storage (mysql, pg plans with included disk only)"]);
});

test("egress ports outside 1–65535 or named twice are config errors naming the field, the value and what is allowed", () => {
  const platform: PlatformConfig = { ...PLATFORM, egress: { tcpPorts: [443, 0, 443], udpPorts: [70000] } };
  const error = problemsOf(() => resolvePlatform(platform, environments("launch")));
  const allowed = "a port number from 1 to 65535, each once (one outbound rule per port to any address)";
  expect(error.problems.map((p) => [p.field, p.value, p.allowed])).toEqual([
    ["egress.tcpPorts[1]", 0, allowed],
    ["egress.tcpPorts[2]", 443, allowed],
    ["egress.udpPorts[0]", 70000, allowed],
  ]);
  expect(error.message).toContain("platform: egress.tcpPorts[1] = 0 is not allowed; allowed: a port number from 1 to 65535");
});
