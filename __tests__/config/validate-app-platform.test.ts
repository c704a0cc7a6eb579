/**
 * One test per bad input of an App Platform preset: each names where, the field as the user wrote
 * it, the bad value and what is allowed. Presets can come from untyped data, so some inputs are cast.
 */
import { looksSecret, validateAppPlatform } from "../../config/validate-app-platform";
import { formatProblem, type Problem } from "../../config/validate";
import { STACK_NAMES, type AppPlatformEnvironmentConfig, type StackName } from "../../config/types";
import type { AppComponentConfig, AppComponentSizing, AppPlatformComputeConfig } from "../../config/app-platform";

const COMPONENTS: AppComponentConfig[] = [
  { kind: "service", name: "frontend", source: { kind: "image", repository: "frontend" }, httpPort: 3000, routes: ["/"], healthCheck: { path: "/health" } },
  {
    kind: "service",
    name: "api",
    source: { kind: "image", repository: "api" },
    httpPort: 8080,
    routes: ["/api"],
    healthCheck: { path: "/api/health" },
    env: [
      { key: "DATABASE_URL", bind: { service: "database", variable: "DATABASE_URL" } },
      { key: "REDIS_URL", bind: { service: "cache", variable: "DATABASE_URL" } },
      { key: "S3_KEY_ID", stack: "spaces_access_key_id" },
      { key: "JWT_SECRET", secretVariable: "jwt_secret" },
      { key: "LOG_LEVEL", value: "info" },
    ],
  },
  { kind: "worker", name: "queue", source: { kind: "image", repository: "api" } },
  { kind: "static_site", name: "docs", source: { kind: "github", repo: "acme/docs", branch: "main", deployOnPush: false }, routes: ["/docs"], outputDir: "dist" },
  { kind: "function", name: "themes", source: { kind: "github", repo: "acme/fn", branch: "main", deployOnPush: false }, routes: ["/fn"] },
];

const COMPUTE: AppPlatformComputeConfig = { kind: "app-platform", registry: { name: "acme", tier: "basic" }, components: COMPONENTS };

const SIZING: Record<string, AppComponentSizing> = {
  frontend: { size: "basic-xs", count: 2 },
  api: { size: "apps-d-1vcpu-2gb", autoscale: { min: 2, max: 4, cpuPercent: 70 } },
  queue: { size: "basic-xxs", count: 1 },
};

function env(over: Partial<AppPlatformEnvironmentConfig> = {}, sizing: Record<string, unknown> = SIZING): AppPlatformEnvironmentConfig {
  return {
    region: "fra1",
    vpcCidr: "10.10.0.0/20",
    hostLabel: "app",
    database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1 },
    cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
    bucket: { purpose: "media", versioning: false },
    cdn: true,
    alerting: true,
    maintenanceWindow: { day: "sunday", hour: "03:00" },
    projectEnvironment: "Development",
    budgetUsd: 200,
    appPlatform: { components: sizing as Record<string, AppComponentSizing> },
    ...over,
  };
}

const envs = (stackEnv: AppPlatformEnvironmentConfig = env()): Record<StackName, AppPlatformEnvironmentConfig> =>
  Object.fromEntries(STACK_NAMES.map((s) => [s, s === "dev" ? stackEnv : env()])) as Record<StackName, AppPlatformEnvironmentConfig>;

/** Every stack with the same column. */
const everywhere = (e: AppPlatformEnvironmentConfig): Record<StackName, AppPlatformEnvironmentConfig> =>
  Object.fromEntries(STACK_NAMES.map((s) => [s, e])) as Record<StackName, AppPlatformEnvironmentConfig>;

const withComponent = (i: number, patch: Record<string, unknown>): AppPlatformComputeConfig => ({
  ...COMPUTE,
  components: COMPONENTS.map((c, j) => (j === i ? ({ ...c, ...patch } as unknown as AppComponentConfig) : c)),
});

/** The one problem the input has. */
function one(problems: Problem[]): Problem {
  expect(problems.map(formatProblem)).toHaveLength(1);
  return problems[0]!;
}

test("the valid preset has no problem", () => {
  expect(validateAppPlatform(COMPUTE, envs(), { app: "acme", compute: COMPUTE })).toEqual([]);
});

describe("components", () => {
  it("a component name outside the schema's pattern", () => {
    const p = one(validateAppPlatform(withComponent(2, { name: "Queue_1" }), everywhere(env({}, { frontend: SIZING.frontend, api: SIZING.api, Queue_1: SIZING.queue }))));
    expect(p).toMatchObject({ where: "platform", field: "compute.components[2].name", value: "Queue_1" });
    expect(p.allowed).toContain("2–32 lowercase letters, digits and dashes");
  });

  it("a component name longer than 32 characters", () => {
    const long = "q".repeat(33);
    const p = validateAppPlatform(withComponent(2, { name: long }), envs()).find((x) => x.field === "compute.components[2].name")!;
    expect(p).toMatchObject({ value: long });
  });

  it("two components with one name", () => {
    const p = one(validateAppPlatform(withComponent(2, { name: "api" }), everywhere(env({}, { frontend: SIZING.frontend, api: SIZING.api }))));
    expect(p).toMatchObject({ field: "compute.components[2].name", value: "api" });
    expect(p.allowed).toContain("compute.components[1] is api");
  });

  it("a component named like a data service", () => {
    const p = one(validateAppPlatform(withComponent(2, { name: "cache" }), everywhere(env({}, { frontend: SIZING.frontend, api: SIZING.api, cache: SIZING.queue }))));
    expect(p).toMatchObject({ field: "compute.components[2].name", value: "cache" });
    expect(p.allowed).toContain("name the attached data services");
  });

  it("a service without a health check", () => {
    const p = one(validateAppPlatform(withComponent(1, { healthCheck: undefined }), envs()));
    expect(p).toMatchObject({ where: "platform", field: "compute.components[1].healthCheck", value: null });
    expect(p.allowed).toContain("every service has one");
  });

  it("a health check path not starting with /", () => {
    const p = one(validateAppPlatform(withComponent(1, { healthCheck: { path: "health" } }), envs()));
    expect(p).toMatchObject({ field: "compute.components[1].healthCheck.path", value: "health", allowed: "an HTTP path starting with /, e.g. /health" });
  });

  it("an HTTP port out of range", () => {
    const p = one(validateAppPlatform(withComponent(0, { httpPort: 70000 }), envs()));
    expect(p).toMatchObject({ field: "compute.components[0].httpPort", value: 70000 });
    expect(p.allowed).toContain("1 to 65535");
  });

  it("a route not starting with /", () => {
    const p = one(validateAppPlatform(withComponent(1, { routes: ["api"] }), envs()));
    expect(p).toMatchObject({ field: "compute.components[1].routes[0]", value: "api" });
    expect(p.allowed).toContain("starting with /");
  });

  it("a route two components share", () => {
    const p = one(validateAppPlatform(withComponent(4, { routes: ["/api"] }), envs()));
    expect(p).toMatchObject({ field: "compute.components[4].routes[0]", value: "/api" });
    expect(p.allowed).toContain("api is routed at /api");
  });

  it("a static site from an image", () => {
    const p = one(validateAppPlatform(withComponent(3, { source: { kind: "image", repository: "docs" } }), envs()));
    expect(p).toMatchObject({ field: "compute.components[3].source.kind", value: "image" });
    expect(p.allowed).toContain("builds a static site from source");
  });

  it("a function from an image", () => {
    const p = one(validateAppPlatform(withComponent(4, { source: { kind: "image", repository: "fn" } }), envs()));
    expect(p).toMatchObject({ field: "compute.components[4].source.kind", value: "image" });
    expect(p.allowed).toContain("builds a function from source");
  });

  it("a function with a build command the provider cannot express", () => {
    const p = one(validateAppPlatform(withComponent(4, { source: { kind: "github", repo: "acme/fn", branch: "main", deployOnPush: false, buildCommand: "make" } }), envs()));
    expect(p).toMatchObject({ field: "compute.components[4].source.buildCommand", value: "make" });
    expect(p.allowed).toContain("no build_command");
  });

  it("images without a registry (one problem, however many components run images)", () => {
    const p = one(validateAppPlatform({ ...COMPUTE, registry: null }, envs()));
    expect(p).toMatchObject({ where: "platform", field: "compute.registry", value: null });
    expect(p.allowed).toContain("frontend runs an image");
  });
});

describe("environment variables", () => {
  const withEnv = (vars: unknown[]) => withComponent(1, { env: vars });

  it("a key outside the schema's pattern", () => {
    const p = one(validateAppPlatform(withEnv([{ key: "LOG-LEVEL", value: "info" }]), envs()));
    expect(p).toMatchObject({ field: "compute.components[1].env[0].key", value: "LOG-LEVEL" });
    expect(p.allowed).toContain("letters, digits and _");
  });

  it("a key given twice", () => {
    const p = one(validateAppPlatform(withEnv([{ key: "A", value: "1" }, { key: "A", value: "2" }]), envs()));
    expect(p).toMatchObject({ field: "compute.components[1].env[1].key", value: "A" });
    expect(p.allowed).toContain("env[0] is A");
  });

  it("a literal value for a key that names a secret", () => {
    const p = one(validateAppPlatform(withEnv([{ key: "STRIPE_SECRET", value: "sk_live_x" }]), envs()));
    expect(p).toMatchObject({ field: "compute.components[1].env[0].value", value: "STRIPE_SECRET (a literal)" });
    expect(p.allowed).toContain("give STRIPE_SECRET as secretVariable");
    expect(formatProblem(p)).not.toContain("sk_live_x");
  });

  it("which keys name a secret", () => {
    for (const k of ["APP_KEY", "JWT_SECRET", "DB_PASSWORD", "GITHUB_TOKEN", "PRIVATE_KEY_PEM", "SECRETKEY"]) expect([k, looksSecret(k)]).toEqual([k, true]);
    for (const k of ["S3_KEY_ID", "AWS_ACCESS_KEY_ID", "NEXT_PUBLIC_MAPS_KEY", "LOG_LEVEL", "KEYBOARD_LAYOUT", "MONKEY"]) expect([k, looksSecret(k)]).toEqual([k, false]);
  });

  it("a secret variable name Terraform cannot take", () => {
    const p = one(validateAppPlatform(withEnv([{ key: "JWT_SECRET", secretVariable: "Jwt-Secret" }]), envs()));
    expect(p).toMatchObject({ field: "compute.components[1].env[0].secretVariable", value: "Jwt-Secret" });
  });

  it.each(["release", "alert_emails", "alert_slack_webhook_url"])("a secret variable named like a variable the stack already declares (%s)", (name) => {
    const p = one(validateAppPlatform(withEnv([{ key: "JWT_SECRET", secretVariable: name }]), envs()));
    expect(p).toMatchObject({ field: "compute.components[1].env[0].secretVariable", value: name });
    expect(p.allowed).toContain("does not already declare");
  });

  it("a bind to a data service a stack does not have, named per stack", () => {
    const problems = validateAppPlatform(COMPUTE, envs(env({ cache: null })));
    const p = one(problems);
    expect(p).toMatchObject({ where: "dev", field: "compute.components[1].env[1].bind.service", value: "cache", allowed: "a data service this stack has: database" });
  });

  it("a bind to an extra database a stack does not have", () => {
    const p = one(validateAppPlatform(withEnv([{ key: "AUDIT_URL", bind: { service: "database-audit", variable: "DATABASE_URL" } }]), envs(env({ extraDatabases: { audit: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1 } } }))).filter((x) => x.where === "staging"));
    expect(p).toMatchObject({ field: "compute.components[1].env[0].bind.service", value: "database-audit" });
    expect(p.allowed).toBe("a data service this stack has: database, cache");
  });

  it("a bind to a variable App Platform does not bind", () => {
    const p = one(validateAppPlatform(withEnv([{ key: "X", bind: { service: "database", variable: "URL" } }]), envs()));
    expect(p).toMatchObject({ field: "compute.components[1].env[0].bind.variable", value: "URL" });
    expect(p.allowed).toContain("DATABASE_URL, HOSTNAME");
  });

  it("a stack value the stack does not provide", () => {
    const p = one(validateAppPlatform(COMPUTE, envs(env({ bucket: null, cdn: false }))));
    expect(p).toMatchObject({ where: "dev", field: "compute.components[1].env[2].stack", value: "spaces_access_key_id", allowed: "a value this stack provides (it has bucket: null)" });
  });

  it("an unknown stack value", () => {
    const p = one(validateAppPlatform(withEnv([{ key: "X", stack: "bucket_url" }]), envs()));
    expect(p).toMatchObject({ field: "compute.components[1].env[0].stack", value: "bucket_url" });
    expect(p.allowed).toContain("bucket_name");
  });
});

describe("sizing per stack", () => {
  const sized = (api: unknown) => envs(env({}, { ...SIZING, api }));

  it("an instance size the catalog does not list", () => {
    const p = one(validateAppPlatform(COMPUTE, envs(env({}, { ...SIZING, queue: { size: "basic-xl", count: 1 } }))));
    expect(p).toMatchObject({ where: "dev", field: "appPlatform.components.queue.size", value: "basic-xl" });
    expect(p.allowed).toContain("basic-xxs, basic-xs");
  });

  it("a count below 1", () => {
    const p = one(validateAppPlatform(COMPUTE, envs(env({}, { ...SIZING, queue: { size: "basic-xs", count: 0 } }))));
    expect(p).toMatchObject({ field: "appPlatform.components.queue.count", value: 0 });
    expect(p.allowed).toContain("from 1 to 250");
  });

  it("autoscaling with min > max", () => {
    const p = one(validateAppPlatform(COMPUTE, sized({ size: "apps-d-1vcpu-2gb", autoscale: { min: 5, max: 2, cpuPercent: 70 } })));
    expect(p).toMatchObject({ where: "dev", field: "appPlatform.components.api.autoscale.max", value: 2, allowed: "at least autoscale.min (5)" });
  });

  it("autoscaling with min < 1", () => {
    const p = one(validateAppPlatform(COMPUTE, sized({ size: "apps-d-1vcpu-2gb", autoscale: { min: 0, max: 2, cpuPercent: 70 } })));
    expect(p).toMatchObject({ field: "appPlatform.components.api.autoscale.min", value: 0 });
  });

  it("autoscaling at a CPU percent outside 1–100", () => {
    const p = one(validateAppPlatform(COMPUTE, sized({ size: "apps-d-1vcpu-2gb", autoscale: { min: 1, max: 2, cpuPercent: 120 } })));
    expect(p).toMatchObject({ field: "appPlatform.components.api.autoscale.cpuPercent", value: 120, allowed: "a whole percent from 1 to 100" });
  });

  it("autoscaling on a size without dedicated CPU", () => {
    const p = one(validateAppPlatform(COMPUTE, sized({ size: "basic-s", autoscale: { min: 1, max: 2, cpuPercent: 70 } })));
    expect(p).toMatchObject({ field: "appPlatform.components.api.size", value: "basic-s" });
    expect(p.allowed).toContain("a dedicated CPU size to autoscale");
    expect(p.allowed).toContain("apps-d-1vcpu-1gb");
  });

  it("a service missing from a stack's sizing (every service runs in every stack)", () => {
    const p = one(validateAppPlatform(COMPUTE, envs(env({}, { frontend: SIZING.frontend, queue: SIZING.queue }))));
    expect(p).toMatchObject({ where: "dev", field: "appPlatform.components.api", value: null });
    expect(p.allowed).toContain("service api");
  });

  it("a worker left out of a stack's sizing does not run there, and is no problem", () => {
    expect(validateAppPlatform(COMPUTE, envs(env({}, { frontend: SIZING.frontend, api: SIZING.api })))).toEqual([]);
  });

  it("a sizing entry naming no component", () => {
    const p = one(validateAppPlatform(COMPUTE, envs(env({}, { ...SIZING, mailer: { size: "basic-xs", count: 1 } }))));
    expect(p).toMatchObject({ field: "appPlatform.components.mailer", value: "mailer", allowed: "a service, worker or job of the preset: frontend, api, queue" });
  });

  it("a sizing entry for a static site or a function", () => {
    const problems = validateAppPlatform(COMPUTE, envs(env({}, { ...SIZING, docs: { size: "basic-xs", count: 1 }, themes: { size: "basic-xs", count: 1 } })));
    expect(problems.map((p) => [p.field, p.value])).toEqual([["appPlatform.components.docs", "docs"], ["appPlatform.components.themes", "themes"]]);
    expect(problems[0]!.allowed).toContain("a static_site is not sized");
  });
});

describe("Droplet-only settings on an App Platform preset", () => {
  it.each(["image", "runtime"])("platform %s", (field) => {
    const p = one(validateAppPlatform(COMPUTE, envs(), { app: "acme", compute: COMPUTE, [field]: "x" }));
    expect(p).toEqual({ where: "platform", field, value: "x", allowed: `nothing: App Platform runs the instances: remove ${field}` });
  });

  it.each(["app", "worker", "loadBalancerSizeUnit", "dropletBackups", "backupJobs", "allowSshFromAnywhere"])("a stack's %s", (field) => {
    const bad = { ...env(), [field]: 1 } as unknown as AppPlatformEnvironmentConfig;
    const p = one(validateAppPlatform(COMPUTE, envs(bad)));
    expect(p).toEqual({ where: "dev", field, value: 1, allowed: `nothing: App Platform runs the instances: remove ${field}` });
  });
});
