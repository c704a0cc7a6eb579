/**
 * Hostnames per preset (PlatformConfig `hostnames`): each bad declaration is a config error that
 * names the field, the value and what is allowed; good ones resolve under every stack's base name.
 */
import { environments, PLATFORM } from "../../config/environments";
import { PRESETS } from "../../config/presets";
import type { EnvironmentConfig, HostnameSpec, PlatformConfig, StackName } from "../../config/types";
import { ConfigError, formatProblem, resolvePlatform, type Problem } from "../../config/validate";

type Envs = Record<StackName, EnvironmentConfig>;

const BULLETDROP = PRESETS.bulletdrop;

function problems(platform: PlatformConfig, envs: Envs): Problem[] {
  try {
    resolvePlatform(platform, envs);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

/** bulletdrop (python runtime, CDN in prod) with other hostnames. */
function bulletdropWith(hostnames: readonly HostnameSpec[], envs: Envs = BULLETDROP.environments("launch")): Problem[] {
  return problems({ ...BULLETDROP.platform, hostnames }, envs);
}

const APP: HostnameSpec = { name: "@", serves: "app" };

describe("bad hostnames are config errors naming the field, the value and what is allowed", () => {
  it.each([
    ["a name with a dot", "img.example"],
    ["an upper-case name", "WWW"],
    ["an empty name", ""],
    ["a name ending in a dash", "www-"],
  ])("%s", (_what, name) => {
    const found = bulletdropWith([APP, { name, serves: "redirect", to: "@" }]);
    expect(found).toContainEqual(expect.objectContaining({ where: "platform", field: "hostnames[1].name", value: name, allowed: expect.stringContaining('"@" (the stack\'s base name) or one lowercase DNS label') }));
  });

  it("a name declared twice", () => {
    const found = bulletdropWith([APP, { name: "www", serves: "redirect", to: "@" }, { name: "www", serves: "frontend" }]);
    expect(found).toEqual([{ where: "platform", field: "hostnames[2].name", value: "www", allowed: "a name declared once" }]);
  });

  it("no entry serves the app", () => {
    const found = bulletdropWith([{ name: "@", serves: "frontend" }, { name: "www", serves: "redirect", to: "@" }]);
    expect(found).toEqual([{ where: "platform", field: "hostnames", value: ["@: frontend", "www: redirect"], allowed: expect.stringContaining('at least one entry with serves: "app"') }]);
  });

  it("a redirect to a name nobody declared", () => {
    const found = bulletdropWith([APP, { name: "www", serves: "redirect", to: "web" }]);
    expect(found).toEqual([{ where: "platform", field: "hostnames[1].to", value: "web", allowed: "the name of a declared entry that is not a redirect: @" }]);
  });

  it("a redirect to another redirect (or itself)", () => {
    const found = bulletdropWith([APP, { name: "www", serves: "redirect", to: "@" }, { name: "w3", serves: "redirect", to: "www" }, { name: "loop", serves: "redirect", to: "loop" }]);
    expect(found.map((p) => [p.field, p.value])).toEqual([
      ["hostnames[2].to", "www"],
      ["hostnames[3].to", "loop"],
    ]);
  });

  it("more than one cdn", () => {
    const found = bulletdropWith([APP, { name: "cdn", serves: "cdn" }, { name: "media", serves: "cdn" }]);
    expect(found).toEqual([{ where: "platform", field: "hostnames[2].serves", value: "cdn", allowed: 'one "cdn" entry at most (the bucket has one CDN; "cdn" is it)' }]);
  });

  it("a cdn where prod has no CDN", () => {
    const envs = BULLETDROP.environments("launch");
    const found = bulletdropWith([APP, { name: "cdn", serves: "cdn" }], { ...envs, prod: { ...envs.prod, cdn: false } });
    expect(found).toEqual([{ where: "platform", field: "hostnames[1].serves", value: "cdn", allowed: "app, frontend or redirect: prod has no CDN (cdn: false, bucket: media)" }]);
  });

  it("a frontend where the runtime's release carries none (laravel, container)", () => {
    const found = problems({ ...PLATFORM, hostnames: [APP, { name: "www", serves: "frontend" }] }, environments("launch"));
    expect(found).toEqual([{ where: "platform", field: "hostnames[1].serves", value: "frontend", allowed: expect.stringContaining('the laravel runtime\'s release carries no frontend/ (serves: "frontend" needs the python runtime)') }]);
  });

  it("a hostname outside the preset's zone, on every stack it would be (a name with dots is refused as a name too)", () => {
    const found = bulletdropWith([APP, { name: "evil.example.", serves: "redirect", to: "@" }]);
    const zone = found.filter((p) => p.allowed.startsWith("a hostname inside the DNS zone bulletdrop.com"));
    expect(zone.map((p) => [p.where, p.field, p.value])).toEqual([
      ["dev", "hostnames[1].name", "evil.example..dev.bulletdrop.com"],
      ["staging", "hostnames[1].name", "evil.example..staging.bulletdrop.com"],
      ["prod", "hostnames[1].name", "evil.example..bulletdrop.com"],
      ["dr", "hostnames[1].name", "evil.example..dr.bulletdrop.com"],
    ]);
    expect(found.map((p) => p.field)).toContain("hostnames[1].name");
  });

  it("a hostname longer than DNS allows", () => {
    const label = "a".repeat(63);
    const envs = BULLETDROP.environments("launch");
    // Four 63-letter labels and .com (259 characters) on staging: each label is valid, the whole name is not.
    const long = { ...envs, staging: { ...envs.staging, hostLabel: label } };
    const domain = `${label}.${label}.com`;
    const found = problems({ ...BULLETDROP.platform, domain, hostnames: [APP, { name: "b".repeat(63), serves: "redirect", to: "@" }] }, long);
    expect(found.filter((p) => p.field === "hostnames[1].name").map((p) => p.where)).toEqual(["staging"]);
  });

  it("a name another stack serves (its records would share the name round-robin)", () => {
    const found = bulletdropWith([{ name: "@", serves: "frontend" }, { name: "api", serves: "app" }, { name: "staging", serves: "redirect", to: "@" }]);
    expect(found).toEqual([
      { where: "prod", field: "hostnames[2].name", value: "staging.bulletdrop.com", allowed: "a name no other stack serves (staging serves staging.bulletdrop.com: change the name or a hostLabel)" },
    ]);
  });

  it("a name the CDN takes when no entry serves cdn", () => {
    const found = bulletdropWith([APP, { name: "media", serves: "redirect", to: "@" }]);
    expect(found.map((p) => [p.where, p.field, p.value])).toEqual([
      ["staging", "hostnames[1].name", "media"],
      ["prod", "hostnames[1].name", "media"],
    ]);
    expect(found[0]!.allowed).toContain("staging's CDN takes media.staging.bulletdrop.com where no entry serves \"cdn\"");
  });

  it("the message names the preset field, the value and what is allowed", () => {
    const [problem] = bulletdropWith([APP, { name: "www", serves: "redirect", to: "web" }]);
    expect(formatProblem(problem!)).toBe('platform: hostnames[1].to = "web" is not allowed; allowed: the name of a declared entry that is not a redirect: @');
  });

  it('hostLabel "@" is the zone apex; other non-labels stay refused', () => {
    const envs = BULLETDROP.environments("launch");
    expect(problems(BULLETDROP.platform, { ...envs, staging: { ...envs.staging, hostLabel: "@@" } }).filter((p) => p.field === "hostLabel")).toEqual([
      { where: "staging", field: "hostLabel", value: "@@", allowed: 'one lowercase DNS label (letters, digits, dashes), or "@" for the zone apex' },
    ]);
  });
});

describe("resolution", () => {
  const bulletdrop = resolvePlatform(BULLETDROP.platform, BULLETDROP.environments("launch"));
  const names = (stack: StackName) => bulletdrop[stack].publicHostnames.map((h) => [h.fqdn, h.serves, h.redirectTo ?? null, h.of, h.recordId ?? null]);

  it("prod serves the declared set on the apex; the app's hostname is the first app entry (APP_URL, health)", () => {
    expect(names("prod")).toEqual([
      ["bulletdrop.com", "frontend", null, "prod", "host-apex"],
      ["www.bulletdrop.com", "redirect", "bulletdrop.com", "prod", "host-www"],
      ["api.bulletdrop.com", "app", null, "prod", "host"],
      ["cdn.bulletdrop.com", "cdn", null, "prod", null],
      ["img.bulletdrop.com", "redirect", "cdn.bulletdrop.com", "prod", "host-img"],
      ["shots.bulletdrop.com", "redirect", "cdn.bulletdrop.com", "prod", "host-shots"],
      ["media.bulletdrop.com", "redirect", "cdn.bulletdrop.com", "prod", "host-media"],
    ]);
    expect(bulletdrop.prod.hostname).toBe("api.bulletdrop.com");
    expect(bulletdrop.prod.appHostname).toBe("api.bulletdrop.com");
    expect(bulletdrop.prod.hostnames).toEqual(["api.bulletdrop.com", "bulletdrop.com", "www.bulletdrop.com", "img.bulletdrop.com", "shots.bulletdrop.com", "media.bulletdrop.com"]);
  });

  it("staging rehearses prod under its own base name", () => {
    expect(names("staging").map(([fqdn]) => fqdn)).toEqual(["staging", "www.staging", "api.staging", "cdn.staging", "img.staging", "shots.staging", "media.staging"].map((n) => `${n}.bulletdrop.com`));
  });

  it("a stack without a CDN (dev) drops the cdn entry and the redirects to it", () => {
    expect(names("dev").map(([fqdn, serves]) => `${fqdn} ${serves}`)).toEqual(["dev.bulletdrop.com frontend", "www.dev.bulletdrop.com redirect", "api.dev.bulletdrop.com app"]);
  });

  it("the standby answers its own names and the source's whole set but its CDN; it writes records for its own only", () => {
    const dr = bulletdrop.dr;
    expect(dr.publicHostnames.filter((h) => h.of === "prod").map((h) => h.fqdn)).toEqual(bulletdrop.prod.publicHostnames.filter((h) => h.serves !== "cdn").map((h) => h.fqdn));
    expect(dr.publicHostnames.filter((h) => h.of === "prod" && h.recordId !== undefined)).toEqual([]);
    // The certificate's names: the app's hostname first, its own others, then the source's in declared order.
    expect(dr.hostnames).toEqual(["api.dr", "dr", "www.dr", "", "www", "api", "img", "shots", "media"].map((n) => (n ? `${n}.bulletdrop.com` : "bulletdrop.com")));
    expect(dr.appHostname).toBe("api.dr.bulletdrop.com");
    const failover = resolvePlatform(BULLETDROP.platform, BULLETDROP.environments("launch"), "failover", "bulletdrop-dr-pg-replica");
    expect(failover.dr.appHostname).toBe("api.bulletdrop.com");
  });

  it("without declared hostnames a stack serves the app on its base name and its CDN stays on media.<hostname>", () => {
    const bizsocials = resolvePlatform(PLATFORM, environments("launch"));
    expect(bizsocials.prod.publicHostnames).toEqual([
      { fqdn: "app.bizsocials.io", serves: "app", of: "prod", recordId: "host" },
      { fqdn: "media.app.bizsocials.io", serves: "cdn", of: "prod" },
    ]);
    expect(bizsocials.prod.hostnames).toEqual(["app.bizsocials.io"]);
    expect(bizsocials.dr.hostnames).toEqual(["dr.bizsocials.io", "app.bizsocials.io"]);
  });
});
