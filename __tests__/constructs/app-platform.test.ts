/**
 * The App Platform construct on its own, in a bare stack: a ThemeSystem-like app (frontend and API
 * services, functions from GitHub, PostgreSQL and Valkey attached, the bucket's values) and a
 * BizSocials-like one (API, workers, a static frontend). Properties over the synthesized
 * `digitalocean_app`, not its whole text.
 */
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AppPlatformApp, type AppPlatformAppProps } from "../../constructs/app-platform";
import { Naming } from "../../config/naming";
import type { AppPlatformComputeConfig, AppPlatformSizing } from "../../config/app-platform";

type Json = Record<string, any>;

const THEME_COMPUTE: AppPlatformComputeConfig = {
  kind: "app-platform",
  registry: { name: "themesystem", tier: "basic" },
  components: [
    {
      kind: "service",
      name: "frontend",
      source: { kind: "image", repository: "frontend" },
      httpPort: 3000,
      routes: ["/"],
      healthCheck: { path: "/api/health-frontend" },
      env: [
        { key: "NEXT_PUBLIC_API_URL", stack: "app_url" },
        { key: "NODE_ENV", value: "production" },
      ],
    },
    {
      kind: "service",
      name: "api",
      source: { kind: "image", repository: "api" },
      httpPort: 8080,
      routes: ["/api"],
      healthCheck: { path: "/api/health", initialDelaySeconds: 20, periodSeconds: 10 },
      env: [
        { key: "DATABASE_URL", bind: { service: "database", variable: "DATABASE_URL" } },
        { key: "DB_USER", bind: { service: "database", variable: "USERNAME" } },
        { key: "REDIS_URL", bind: { service: "cache", variable: "DATABASE_URL" } },
        { key: "S3_BUCKET", stack: "bucket_name" },
        { key: "S3_ENDPOINT", stack: "bucket_endpoint" },
        { key: "S3_KEY_ID", stack: "spaces_access_key_id" },
        { key: "S3_SECRET", stack: "spaces_secret_key" },
        { key: "JWT_SECRET", secretVariable: "jwt_secret" },
      ],
    },
    {
      kind: "function",
      name: "themes",
      source: { kind: "github", repo: "acme/theme-functions", branch: "main", sourceDir: "functions", deployOnPush: false },
      routes: ["/fn"],
      env: [{ key: "BUCKET", stack: "bucket_name" }],
    },
  ],
};

const THEME_SIZING: AppPlatformSizing = {
  components: {
    frontend: { size: "basic-xs", count: 2 },
    api: { size: "apps-d-1vcpu-2gb", autoscale: { min: 2, max: 5, cpuPercent: 70 } },
  },
};

const STACK_VALUES = {
  bucket_name: "${digitalocean_spaces_bucket.media.name}",
  bucket_endpoint: "${digitalocean_spaces_bucket.media.endpoint}",
  spaces_access_key_id: "${digitalocean_spaces_key.app.access_key}",
  spaces_secret_key: "${digitalocean_spaces_key.app.secret_key}",
  app_url: "https://themesystem.io",
};

function themeProps(over: Partial<AppPlatformAppProps> = {}): AppPlatformAppProps {
  return {
    naming: new Naming("themesystem", "prod"),
    region: "fra1",
    vpcId: "${digitalocean_vpc.network_vpc.id}",
    compute: THEME_COMPUTE,
    sizing: THEME_SIZING,
    hostnames: [
      { fqdn: "themesystem.io", serves: "frontend" },
      { fqdn: "www.themesystem.io", serves: "redirect", redirectTo: "themesystem.io" },
      { fqdn: "api.themesystem.io", serves: "app" },
      { fqdn: "cdn.themesystem.io", serves: "cdn" },
    ],
    appComponent: "api",
    zone: "themesystem.io",
    dataServices: [
      { service: "database", attach: { clusterName: "themesystem-prod-pg", engine: "pg", dbName: "themes", dbUser: "app" } },
      { service: "cache", attach: { clusterName: "themesystem-prod-valkey", engine: "valkey" } },
    ],
    stackValues: STACK_VALUES,
    registry: { owned: true },
    alerts: { emails: ["ops@themesystem.io"], slackWebhookUrl: "${var.alert_slack_webhook_url}", slackChannel: "#ops" },
    production: true,
    ...over,
  };
}

const BIZ_COMPUTE: AppPlatformComputeConfig = {
  kind: "app-platform",
  registry: { name: "bizsocials", tier: "basic" },
  components: [
    { kind: "service", name: "api", source: { kind: "image", repository: "api" }, httpPort: 8080, routes: ["/api"], healthCheck: { path: "/up" }, env: [{ key: "DB_PASSWORD", bind: { service: "database", variable: "PASSWORD" } }] },
    { kind: "worker", name: "queue", source: { kind: "image", repository: "api" }, runCommand: "php artisan queue:work" },
    { kind: "worker", name: "scheduler", source: { kind: "image", repository: "api" }, runCommand: "php artisan schedule:work" },
    { kind: "static_site", name: "frontend", source: { kind: "github", repo: "acme/web", branch: "main", buildCommand: "npm run build", deployOnPush: false }, routes: ["/"], outputDir: "dist", catchallDocument: "index.html" },
  ],
};

function bizProps(over: Partial<AppPlatformAppProps> = {}): AppPlatformAppProps {
  return {
    naming: new Naming("bizsocials", "dr"),
    region: "ams3",
    vpcId: "${digitalocean_vpc.network_vpc.id}",
    compute: BIZ_COMPUTE,
    sizing: { components: { api: { size: "basic-s", count: 2 }, queue: { size: "basic-xs", count: 1 }, scheduler: { size: "basic-xxs", count: 1 } } },
    hostnames: [
      { fqdn: "dr.bizsocials.io", serves: "app" },
      { fqdn: "app.bizsocials.io", serves: "app" },
    ],
    appComponent: "api",
    zone: "bizsocials.io",
    // dr's database is a read-only replica App Platform cannot attach: references instead.
    dataServices: [{ service: "database", values: { PASSWORD: "${digitalocean_database_replica.db.password}", HOSTNAME: "${digitalocean_database_replica.db.private_host}" } }],
    stackValues: {},
    registry: { owned: false },
    alerts: null,
    production: true,
    ...over,
  };
}

function synth(props: AppPlatformAppProps): { json: Json; app: Json; spec: Json } {
  const stack = new TerraformStack(Testing.app(), "s");
  new AppPlatformApp(stack, "compute", props);
  const json = JSON.parse(Testing.synth(stack)) as Json;
  const app = Object.values(json.resource.digitalocean_app as Json)[0] as Json;
  return { json, app, spec: app.spec };
}

const theme = synth(themeProps());
const biz = synth(bizProps());
const both = [theme, biz];
const instanceComponents = (spec: Json): Json[] => [...(spec.service ?? []), ...(spec.worker ?? []), ...(spec.job ?? [])];
const allComponents = (spec: Json): Json[] => [...instanceComponents(spec), ...(spec.static_site ?? []), ...(spec.function ?? [])];

describe("digitalocean_app as cdktf renders it", () => {
  it("has one spec object (a MaxItems-1 block) with list blocks service, worker, static_site, function, database, domain, vpc and an ingress object", () => {
    expect(Array.isArray(theme.spec)).toBe(false);
    for (const block of ["service", "function", "database", "domain", "vpc"]) expect(Array.isArray(theme.spec[block])).toBe(true);
    for (const block of ["worker", "static_site"]) expect(Array.isArray(biz.spec[block])).toBe(true);
    expect(Array.isArray(theme.spec.ingress.rule)).toBe(true);
  });

  it("is named <app>-<stack>-app in App Platform's region for the datacenter", () => {
    expect(theme.spec).toMatchObject({ name: "themesystem-prod-app", region: "fra" });
    expect(biz.spec).toMatchObject({ name: "bizsocials-dr-app", region: "ams" });
  });

  it("runs in the stack's VPC (spec.vpc id is the reference given)", () => {
    for (const { spec } of both) expect(spec.vpc).toEqual([{ id: "${digitalocean_vpc.network_vpc.id}" }]);
  });
});

describe("components", () => {
  it("every service has a health check with an HTTP path from the config", () => {
    for (const [{ spec }, compute] of [[theme, THEME_COMPUTE], [biz, BIZ_COMPUTE]] as const) {
      const paths = Object.fromEntries(compute.components.flatMap((c) => (c.kind === "service" ? [[c.name, c.healthCheck.path]] : [])));
      expect(spec.service.length).toBeGreaterThan(0);
      for (const s of spec.service) expect(s.health_check.http_path).toBe(paths[s.name]);
    }
  });

  it("sizes and counts equal the stack's sizing; autoscaled components have min/max/cpu and no instance_count", () => {
    for (const [{ spec }, sizing] of [[theme, THEME_SIZING], [biz, bizProps().sizing]] as const) {
      const sized = instanceComponents(spec);
      expect(sized.map((c) => c.name).sort()).toEqual(Object.keys(sizing.components).sort());
      for (const c of sized) {
        const s = sizing.components[c.name]!;
        expect(c.instance_size_slug).toBe(s.size);
        if ("count" in s) {
          expect(c.instance_count).toBe(s.count);
          expect(c.autoscaling).toBeUndefined();
        } else {
          expect(c.instance_count).toBeUndefined();
          expect(c.autoscaling).toEqual({ min_instance_count: s.autoscale.min, max_instance_count: s.autoscale.max, metrics: { cpu: { percent: s.autoscale.cpuPercent } } });
        }
      }
    }
  });

  it("static sites and functions have no size (not instance-billed) and are built from GitHub", () => {
    const built = [...biz.spec.static_site, ...theme.spec.function];
    expect(built).toHaveLength(2);
    for (const c of built) {
      expect(c.instance_size_slug).toBeUndefined();
      expect(c.instance_count).toBeUndefined();
      expect(c.github.repo).toMatch(/^acme\//);
      expect(c.image).toBeUndefined();
    }
    expect(biz.spec.static_site[0]).toMatchObject({ output_dir: "dist", catchall_document: "index.html", build_command: "npm run build" });
    expect(theme.spec.function[0]).toMatchObject({ source_dir: "functions", github: { branch: "main", deploy_on_push: false } });
  });

  it("images come from DOCR at the release (digest when sha256:, tag otherwise), never deployed on push", () => {
    for (const { spec } of both) {
      for (const c of instanceComponents(spec)) {
        expect(c.image).toEqual({
          registry_type: "DOCR",
          repository: expect.any(String),
          digest: '${startswith(var.release, "sha256:") ? var.release : null}',
          tag: '${startswith(var.release, "sha256:") ? null : var.release}',
          deploy_on_push: [{ enabled: false }],
        });
      }
    }
  });

  it("declares the release variable: string, not nullable, described, validated", () => {
    const release = theme.json.variable.release;
    expect(release).toMatchObject({ type: "string", nullable: false });
    expect(release.description).toMatch(/tag .*sha256: digest/);
    expect(release.validation).toHaveLength(1);
  });

  it("creates the registry when this stack owns it, reads it otherwise", () => {
    const strip = (blocks: Json) => Object.values(blocks).map(({ "//": _m, ...rest }: Json) => rest);
    expect(strip(theme.json.resource.digitalocean_container_registry)).toEqual([{ name: "themesystem", subscription_tier_slug: "basic", lifecycle: { prevent_destroy: true } }]);
    expect(theme.app.depends_on).toEqual([expect.stringMatching(/^digitalocean_container_registry\.compute_registry/)]);
    expect(biz.json.resource.digitalocean_container_registry).toBeUndefined();
    expect(Object.values(biz.json.data.digitalocean_container_registry)).toEqual([expect.objectContaining({ name: "bizsocials" })]);
  });
});

describe("environment variables", () => {
  const envs = both.flatMap(({ spec }) => allComponents(spec).flatMap((c) => (c.env ?? []) as Json[]));
  // A Terraform reference: a variable, or an attribute of a resource or data source (a provider-prefixed type).
  const isReference = (v: string) => /^\$\{(var\.[a-z][a-z0-9_]*|(data\.)?[a-z]+_[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z0-9_]+)\}$/.test(v);
  const isBindPlaceholder = (v: string) => /^\$\$\{[a-z][a-z0-9-]*\.[A-Z_]+\}$/.test(v);

  it("no SECRET has a literal value: each is a Terraform reference or an escaped bindable placeholder", () => {
    const secrets = envs.filter((e) => e.type === "SECRET");
    expect(secrets.length).toBeGreaterThan(3);
    for (const e of secrets) expect(isReference(e.value) || isBindPlaceholder(e.value)).toBe(true);
  });

  it("a bind to an attached cluster is written $${service.VAR}, so Terraform passes ${service.VAR} to App Platform", () => {
    const api = theme.spec.service.find((s: Json) => s.name === "api");
    const byKey = Object.fromEntries((api.env as Json[]).map((e) => [e.key, e]));
    expect(byKey.DATABASE_URL).toEqual({ key: "DATABASE_URL", value: "$${database.DATABASE_URL}", type: "SECRET", scope: "RUN_TIME" });
    expect(byKey.REDIS_URL).toMatchObject({ value: "$${cache.DATABASE_URL}", type: "SECRET" });
    expect(byKey.DB_USER).toMatchObject({ value: "$${database.USERNAME}", type: "GENERAL" });
    expect(byKey.S3_SECRET).toMatchObject({ value: STACK_VALUES.spaces_secret_key, type: "SECRET" });
    expect(byKey.S3_KEY_ID).toMatchObject({ value: STACK_VALUES.spaces_access_key_id, type: "GENERAL" });
    expect(byKey.JWT_SECRET).toMatchObject({ value: "${var.jwt_secret}", type: "SECRET" });
  });

  it("a secretVariable is a sensitive, non-nullable Terraform variable under its own name", () => {
    expect(theme.json.variable.jwt_secret).toMatchObject({ type: "string", sensitive: true, nullable: false });
  });

  it("a bind to a replica App Platform cannot attach takes the stack's reference", () => {
    const env = biz.spec.service[0].env;
    expect(env).toEqual([{ key: "DB_PASSWORD", value: "${digitalocean_database_replica.db.password}", type: "SECRET", scope: "RUN_TIME" }]);
    expect(biz.spec.database).toBeUndefined();
  });

  it("attaches owned clusters as production databases named after the service", () => {
    expect(theme.spec.database).toEqual([
      { name: "database", cluster_name: "themesystem-prod-pg", engine: "PG", production: true, db_name: "themes", db_user: "app" },
      { name: "cache", cluster_name: "themesystem-prod-valkey", engine: "VALKEY", production: true },
    ]);
  });
});

describe("domains and ingress", () => {
  it("domains in declared order without the CDN's, the first non-redirect PRIMARY, all in the zone", () => {
    expect(theme.spec.domain).toEqual([
      { name: "themesystem.io", type: "PRIMARY", zone: "themesystem.io" },
      { name: "www.themesystem.io", type: "ALIAS", zone: "themesystem.io" },
      { name: "api.themesystem.io", type: "ALIAS", zone: "themesystem.io" },
    ]);
  });

  it("rules: redirects, then app hostnames to the app component, then routes longest prefix first", () => {
    expect(theme.spec.ingress.rule).toEqual([
      { match: { authority: { exact: "www.themesystem.io" }, path: { prefix: "/" } }, redirect: { authority: "themesystem.io", redirect_code: 301 } },
      { match: { authority: { exact: "api.themesystem.io" }, path: { prefix: "/" } }, component: { name: "api" } },
      { match: { path: { prefix: "/api" } }, component: { name: "api", preserve_path_prefix: true } },
      { match: { path: { prefix: "/fn" } }, component: { name: "themes" } },
      { match: { path: { prefix: "/" } }, component: { name: "frontend", preserve_path_prefix: false } },
    ]);
  });

  it("every route of every component has a rule", () => {
    for (const [{ spec }, compute] of [[theme, THEME_COMPUTE], [biz, BIZ_COMPUTE]] as const) {
      const rules = (spec.ingress.rule as Json[]).filter((r) => !r.match.authority);
      const routes = compute.components.flatMap((c) => ("routes" in c ? c.routes.map((p) => `${c.name} ${p}`) : []));
      expect(rules.map((r) => `${r.component.name} ${r.match.path.prefix}`).sort()).toEqual(routes.sort());
    }
  });
});

describe("alerts", () => {
  it("app-level DEPLOYMENT_FAILED and DOMAIN_FAILED, per service and worker CPU, memory and restarts, to e-mail and the Slack reference", () => {
    expect(theme.spec.alert.map((a: Json) => a.rule)).toEqual(["DEPLOYMENT_FAILED", "DOMAIN_FAILED"]);
    for (const s of theme.spec.service) {
      expect(s.alert.map((a: Json) => [a.rule, a.operator, a.window])).toEqual([
        ["CPU_UTILIZATION", "GREATER_THAN", "FIVE_MINUTES"],
        ["MEM_UTILIZATION", "GREATER_THAN", "FIVE_MINUTES"],
        ["RESTART_COUNT", "GREATER_THAN", "FIVE_MINUTES"],
      ]);
      for (const a of s.alert) {
        expect(a.destinations.emails).toEqual(["ops@themesystem.io"]);
        const slack = a.destinations.dynamic.slack_webhooks;
        expect(slack.content).toEqual({ channel: "#ops", url: "${var.alert_slack_webhook_url}" });
        expect(slack.for_each).toBe('${nonsensitive(var.alert_slack_webhook_url == "" ? [] : ["slack"])}');
      }
    }
  });

  it("a Slack webhook given as a variable's token is the bare reference in for_each", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const url = new TerraformVariable(stack, "hook", { type: "string", sensitive: true });
    new AppPlatformApp(stack, "compute", themeProps({ alerts: { emails: ["ops@themesystem.io"], slackWebhookUrl: url.stringValue, slackChannel: "#ops" } }));
    const spec = (Object.values(JSON.parse(Testing.synth(stack)).resource.digitalocean_app)[0] as Json).spec;
    expect(spec.alert[0].destinations.dynamic.slack_webhooks).toEqual({ for_each: '${nonsensitive(var.hook == "" ? [] : ["slack"])}', content: { channel: "#ops", url: "${var.hook}" } });
  });

  it("none without alerts (dev)", () => {
    expect(biz.spec.alert).toBeUndefined();
    for (const c of instanceComponents(biz.spec)) expect(c.alert).toBeUndefined();
  });
});

describe("what the provider cannot express, or the stack does not have, is an error naming it", () => {
  const withComponents = (components: AppPlatformComputeConfig["components"]) => themeProps({ compute: { ...THEME_COMPUTE, components } });
  const fn = THEME_COMPUTE.components[2]!;

  it("an app name longer than App Platform allows", () => {
    expect(() => synth(themeProps({ naming: new Naming("a-very-long-platform-name", "staging") }))).toThrow(/"a-very-long-platform-name-staging-app" .*2–32 lowercase/);
  });
  it("a datacenter App Platform has no region for", () => {
    expect(() => synth(themeProps({ region: "ric1" }))).toThrow(/no region for datacenter ric1; allowed: nyc1/);
  });
  it("a function with a build command", () => {
    const bad = { ...fn, source: { kind: "github" as const, repo: "acme/f", branch: "main", deployOnPush: false, buildCommand: "make" } };
    expect(() => synth(withComponents([THEME_COMPUTE.components[0]!, THEME_COMPUTE.components[1]!, bad]))).toThrow(/function themes: source.buildCommand cannot be expressed.*app_spec.go/);
  });
  it("a function from an image", () => {
    const bad = { ...fn, source: { kind: "image" as const, repository: "f" } };
    expect(() => synth(withComponents([THEME_COMPUTE.components[0]!, THEME_COMPUTE.components[1]!, bad]))).toThrow(/function themes: source.kind = "image" cannot be expressed/);
  });
  it("a bind to a data service the stack does not have", () => {
    expect(() => synth(themeProps({ dataServices: [] }))).toThrow(/component api, env DATABASE_URL: binds database, which this stack does not have/);
  });
  it("a bind to a replica without the variable's value", () => {
    expect(() => synth(bizProps({ dataServices: [{ service: "database", values: {} }] }))).toThrow(/env DB_PASSWORD: database is not attached .* no value for PASSWORD/);
  });
  it("a stack value the stack does not provide", () => {
    expect(() => synth(themeProps({ stackValues: {} }))).toThrow(/component frontend, env NEXT_PUBLIC_API_URL: stack value app_url is not provided/);
  });
  it("a secret variable name Terraform cannot take", () => {
    const api = { ...THEME_COMPUTE.components[1]!, env: [{ key: "X", secretVariable: "Bad-Name" }] };
    expect(() => synth(withComponents([THEME_COMPUTE.components[0]!, api]))).toThrow(/component api, env X: secretVariable = "Bad-Name"/);
  });
  it("a sized component without a size in this stack", () => {
    expect(() => synth(themeProps({ sizing: { components: { frontend: { size: "basic-xs", count: 1 } } } }))).toThrow(/service api has no size in this stack/);
  });
  it("images without a registry", () => {
    expect(() => synth(themeProps({ registry: null }))).toThrow(/frontend, api run images/);
  });
  it("a redirect without a target", () => {
    expect(() => synth(themeProps({ hostnames: [{ fqdn: "www.themesystem.io", serves: "redirect" }] }))).toThrow(/www.themesystem.io: serves "redirect" without redirectTo/);
  });
  it("a Slack webhook without a channel", () => {
    expect(() => synth(themeProps({ alerts: { emails: [], slackWebhookUrl: "${var.x}" } }))).toThrow(/slackWebhookUrl needs slackChannel/);
  });
});
