/** The pure parts of `npm run deploy`: release and image resolution, secrets, merge, servers, the plan, ssh argv, outputs. */
import { PRESETS } from "../../config/presets";
import { readOutputs } from "../../deploy/outputs";
import { runtimeOf } from "../../runtimes";
import {
  commandLine,
  mergeSettings,
  parseSecrets,
  planDeploy,
  redactor,
  releaseOf,
  repositoryOf,
  resolveImage,
  selectServers,
  sshArgv,
  versionOf,
  type Server,
  protocolProblem,
} from "../../deploy/plan";
import { outputsOf } from "./harness";

describe("versions and images", () => {
  it.each([
    ["builds/bizsocials-2024.11.3.tar.gz", "bizsocials-2024.11.3"],
    ["/tmp/app_1.2.tgz", "app_1.2"],
  ])("the version of %s is %s", (file, version) => expect(versionOf(file)).toBe(version));

  it.each([
    ["ghcr.io/quickcart/app:1.0.0", "ghcr.io/quickcart/app"],
    ["registry.example.com:5000/team/app:2", "registry.example.com:5000/team/app"],
    ["ghcr.io/quickcart/app@sha256:" + "0".repeat(64), "ghcr.io/quickcart/app"],
    ["app", "app"],
  ])("the repository of %s is %s", (image, repo) => expect(repositoryOf(image)).toBe(repo));

  const configured = "ghcr.io/quickcart/app:1.0.0";
  it.each([
    ["1.4.3", "ghcr.io/quickcart/app:1.4.3"],
    ["v1.4.3-rc.1", "ghcr.io/quickcart/app:v1.4.3-rc.1"],
    ["sha256:" + "ab".repeat(32), "ghcr.io/quickcart/app@sha256:" + "ab".repeat(32)],
    ["ghcr.io/quickcart/app:1.4.3", "ghcr.io/quickcart/app:1.4.3"],
    ["registry.example.com:5000/other/app:7", "registry.example.com:5000/other/app:7"],
  ])("--release %s is %s", (release, image) => expect(resolveImage(release, configured)).toEqual({ image }));

  it.each(["latest", "LATEST", "ghcr.io/quickcart/app:latest", "ghcr.io/quickcart/app", "registry.example.com:5000/app", "bad tag", ".hidden", "ghcr.io/x/app@sha256:short"])(
    "--release %s is refused",
    (release) => expect(resolveImage(release, configured).problem).toMatchObject({ field: "--release", value: release }),
  );

  it("archive runtimes: a version from --version or the file name, checked like the remote's check_version; latest refused", () => {
    expect(releaseOf("laravel", { release: "r/app-1.2.tar.gz" })).toEqual({ release: { kind: "archive", file: "r/app-1.2.tar.gz", version: "app-1.2" }, problems: [] });
    expect(releaseOf("python", { release: "x.tar.gz", version: "2024.11.3" }).release).toEqual({ kind: "archive", file: "x.tar.gz", version: "2024.11.3" });
    for (const version of ["latest", "-rf", "a/b", "x".repeat(65), "", "two words"]) {
      expect(releaseOf("laravel", { release: "x.tar.gz", version }).problems).toEqual([expect.objectContaining({ field: "--version", value: version })]);
    }
    expect(releaseOf("laravel", { release: "latest.tar.gz" }).problems).toEqual([expect.objectContaining({ field: "--version (from the --release file name)", value: "latest" })]);
  });

  it("without --release: a redeploy of the live release, or with --version a release the Droplets hold", () => {
    expect(releaseOf("laravel", {})).toEqual({ release: { kind: "live" }, problems: [] });
    expect(releaseOf("container", {}, "a/b:1")).toEqual({ release: { kind: "live" }, problems: [] });
    expect(releaseOf("python", { version: "2024.11.2" }).release).toEqual({ kind: "held", version: "2024.11.2" });
  });

  it("container: the image, and no --version", () => {
    expect(releaseOf("container", { release: "1.4.3" }, "ghcr.io/quickcart/app:1.0.0").release).toEqual({ kind: "image", image: "ghcr.io/quickcart/app:1.4.3" });
    expect(releaseOf("container", { release: "1.4.3", version: "1.4.3" }, "a/b:1").problems).toEqual([expect.objectContaining({ field: "--version" })]);
  });
});

describe("secrets file", () => {
  it("reads KEY=value lines, skips comments and blank lines, strips matching quotes, trims unquoted values", () => {
    const text = "# secrets\n\nAPP_KEY=base64:abc=\r\nA=\"two words\"\nB='it''s'\nC=  padded  \nD=\nE=a=b#c\n  # indented comment\n";
    expect(parseSecrets(text, "s.env")).toEqual({ secrets: { APP_KEY: "base64:abc=", A: "two words", B: "it''s", C: "padded", D: "", E: "a=b#c" }, problems: [] });
  });

  it("names bad lines and repeated keys by line, never showing the line", () => {
    const { problems } = parseSecrets("GOOD=1\nexport X=secret-value\n1BAD=x\nGOOD=2\nno equals sign here\n", "s.env");
    expect(problems.map((p) => p.value)).toEqual(["s.env:2", "s.env:3", "s.env:4", "s.env:5"]);
    expect(problems[2]!.allowed).toContain("GOOD is already set on line 1");
    expect(JSON.stringify(problems)).not.toContain("secret-value");
  });

  it("a key the stack's settings define is a problem, each named; others are added", () => {
    expect(mergeSettings({ DB_PASSWORD: "p", APP_URL: "u" }, { APP_KEY: "k" }, "s.env")).toEqual({ settings: { DB_PASSWORD: "p", APP_URL: "u", APP_KEY: "k" }, problems: [] });
    const { problems } = mergeSettings({ DB_PASSWORD: "p", APP_URL: "u" }, { DB_PASSWORD: "mine", APP_URL: "mine", X: "y" }, "s.env");
    expect(problems.map((p) => [p.field, p.value])).toEqual([["--env-file key", "DB_PASSWORD"], ["--env-file key", "APP_URL"]]);
    expect(JSON.stringify(problems)).not.toContain("mine");
  });
});

const servers: Server[] = [
  { name: "app-prod-worker-1", ipv4: "203.0.113.30", roles: ["worker", "scheduler"] },
  { name: "app-prod-app-10", ipv4: "203.0.113.20", roles: ["web"] },
  { name: "app-prod-app-2", ipv4: "203.0.113.12", roles: ["web"] },
  { name: "app-prod-app-1", ipv4: "203.0.113.11", roles: [] },
];

describe("servers", () => {
  it("sort by name as people read it: app-2 before app-10, app before worker", () => {
    expect(selectServers(servers, []).servers.map((s) => s.name)).toEqual(["app-prod-app-1", "app-prod-app-2", "app-prod-app-10", "app-prod-worker-1"]);
  });

  it("--only keeps the order and names unknown servers with the allowed ones", () => {
    expect(selectServers(servers, ["app-prod-worker-1", "app-prod-app-2"]).servers.map((s) => s.name)).toEqual(["app-prod-app-2", "app-prod-worker-1"]);
    expect(selectServers(servers, ["app-prod-app-3"]).problems).toEqual([
      { where: "deploy", field: "--only", value: "app-prod-app-3", allowed: "app-prod-app-1, app-prod-app-2, app-prod-app-10, app-prod-worker-1" },
    ]);
  });
});

describe("the deploy command's protocol", () => {
  it("accepts the protocol this checkout speaks", () => {
    expect(protocolProblem("protocol: 2\nrelease: 1.0\nroles: web\n", "app-prod-app-1", 2)).toBeNull();
  });

  it("refuses a Droplet made before the protocol (no protocol line) or with an older one: roll it", () => {
    for (const status of ["release: 1.0\nroles: web\n", "protocol: 1\nrelease: 1.0\n"]) {
      expect(protocolProblem(status, "app-prod-app-1", 2)).toMatch(/^app-prod-app-1 runs deploy command protocol 1.* and this checkout speaks 2: .*roll this Droplet/);
    }
    expect(protocolProblem("release: 1.0\n", "x", 2)).toContain("it prints no protocol: it was made before protocol 2");
  });

  it("refuses a newer one: update this checkout", () => {
    expect(protocolProblem("protocol: 3\n", "app-prod-app-1", 2)).toMatch(/protocol 3 and this checkout speaks 2: .*update this checkout \(git pull\)/);
  });
});

describe("the plan", () => {
  const ordered = selectServers(servers, []).servers;
  const base = { app: "app", stack: "prod", settingsText: "A=1\n", settingsKeys: ["A"], servers: ordered };
  /** The calls after each server's protocol check (checked on its own below). */
  const steps = (plan: ReturnType<typeof planDeploy>) => plan.calls.filter((c) => c.step !== "check").map((c) => `${c.server.name}: ${c.args.join(" ")}${c.stdin ? ` < ${c.stdin.kind}` : ""}`);

  it("asks each server's deploy command for its protocol (status) before anything else goes there", () => {
    for (const release of [{ kind: "archive", file: "r.tar.gz", version: "1.2" }, { kind: "image", image: "r/app:2" }, { kind: "live" }] as const) {
      const plan = planDeploy({ ...base, release, databaseCa: "-----BEGIN CERTIFICATE-----\n" });
      for (const server of ordered) {
        const mine = plan.calls.filter((c) => c.server.name === server.name);
        expect(mine[0]).toMatchObject({ step: "check", label: "deploy command", args: ["status"], stdin: null });
        expect(mine.filter((c) => c.step === "check")).toHaveLength(1);
      }
    }
  });

  it("an archive: settings, release (archive on stdin), activate per server; --migrate on the first only", () => {
    expect(steps(planDeploy({ ...base, release: { kind: "archive", file: "r.tar.gz", version: "1.2" } }))).toEqual([
      "app-prod-app-1: env < settings",
      "app-prod-app-1: release 1.2 < file",
      "app-prod-app-1: activate 1.2 --roles none --migrate",
      "app-prod-app-2: env < settings",
      "app-prod-app-2: release 1.2 < file",
      "app-prod-app-2: activate 1.2 --roles web",
      "app-prod-app-10: env < settings",
      "app-prod-app-10: release 1.2 < file",
      "app-prod-app-10: activate 1.2 --roles web",
      "app-prod-worker-1: env < settings",
      "app-prod-worker-1: release 1.2 < file",
      "app-prod-worker-1: activate 1.2 --roles worker,scheduler",
    ]);
  });

  it("an image: release IMAGE without stdin", () => {
    const plan = planDeploy({ ...base, servers: ordered.slice(1, 2), release: { kind: "image", image: "r/app:2" } });
    expect(steps(plan)).toEqual(["app-prod-app-2: env < settings", "app-prod-app-2: release r/app:2", "app-prod-app-2: activate r/app:2 --roles web --migrate"]);
    expect(plan.calls.map((c) => c.label)).toEqual(["deploy command", "settings", "release r/app:2", "activate (web) + migrate"]);
  });

  it("a redeploy or a held release: no upload, no migration", () => {
    expect(steps(planDeploy({ ...base, servers: ordered.slice(0, 2), release: { kind: "live" } }))).toEqual([
      "app-prod-app-1: env < settings",
      "app-prod-app-1: activate --roles none",
      "app-prod-app-2: env < settings",
      "app-prod-app-2: activate --roles web",
    ]);
    expect(steps(planDeploy({ ...base, servers: ordered.slice(1, 2), release: { kind: "held", version: "1.1" } }))).toEqual(["app-prod-app-2: env < settings", "app-prod-app-2: activate 1.1 --roles web"]);
  });

  it("ssh: the deployer's options first (ssh keeps the first value of each), the remote command as one quoted string", () => {
    const plan = planDeploy({ ...base, release: { kind: "archive", file: "r.tar.gz", version: "1.2" } });
    const activate = plan.calls.at(-1)!;
    const argv = sshArgv(activate, "/usr/local/sbin/app-deploy", { user: "deploy", options: ["StrictHostKeyChecking=yes"] });
    expect(argv).toEqual([
      "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new", "-o", "ConnectTimeout=15",
      "deploy@203.0.113.30",
      "sudo /usr/local/sbin/app-deploy activate 1.2 --roles worker,scheduler",
    ]);
    expect(commandLine(argv)).toBe(
      "ssh -o StrictHostKeyChecking=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o ConnectTimeout=15 deploy@203.0.113.30 'sudo /usr/local/sbin/app-deploy activate 1.2 --roles worker,scheduler'",
    );
  });
});

describe("redaction of what the Droplets print", () => {
  it("masks secrets raw and URL-encoded, longest first, and leaves short values alone", () => {
    const redact = redactor(["s3cr3t/p@ss", "true", "AVNS_abcdef"]);
    expect(redact("url mysql://u:s3cr3t%2Fp%40ss@h; raw s3cr3t/p@ss; AVNS_abcdef; flag true")).toBe("url mysql://u:***@h; raw ***; ***; flag true");
  });
});

describe("terraform outputs", () => {
  const outputs = outputsOf("bizsocials", "prod");
  const hint = "apply it";

  it("reads app_settings and app_servers of the synthesized shape", () => {
    const { infra, servers } = readOutputs(outputs, "f.json", "bizsocials-prod-", hint);
    expect(infra.database).toMatchObject({ engine: "mysql", port: 25060 });
    expect(servers.map((s) => [s.name, s.roles])).toEqual([
      ["bizsocials-prod-app-1", ["web"]],
      ["bizsocials-prod-app-2", ["web"]],
      ["bizsocials-prod-worker-1", ["worker", "scheduler"]],
    ]);
    // What the runtime makes of them, without throwing.
    const config = PRESETS.bizsocials.platform.runtime;
    expect(runtimeOf(config).settings(config, infra, "bizsocials").DB_PASSWORD).toBe(outputs.app_settings!.value.database.password);
  });

  it("names what is missing or malformed, never a value", () => {
    expect(() => readOutputs({}, "f.json", "bizsocials-prod-", hint)).toThrow("f.json has no app_settings and app_servers output: apply it");
    const broken = structuredClone(outputs);
    delete broken.app_settings!.value.database.password;
    broken.app_settings!.value.cache.port = "not a port";
    broken.app_servers!.value["bizsocials-prod-app-1"].ipv4_address = "";
    broken.app_servers!.value["bizsocials-prod-app-2"].roles = ["web", "cron"];
    let message = "";
    try {
      readOutputs(broken, "f.json", "bizsocials-prod-", hint);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "f.json does not hold what a deploy needs:",
      "  - app_settings.database.password: expected a non-empty string",
      "  - app_settings.cache.port: expected a port number",
      "  - app_servers.bizsocials-prod-app-1.ipv4_address: expected an IPv4 address",
      "  - app_servers.bizsocials-prod-app-2.roles: expected a list of web, worker, scheduler",
    ]);
    expect(message).not.toContain(outputs.app_settings!.value.cache.password);
  });
});
