import { parse } from "yaml";
import { cloudConfig, renderCloudInit, sshdHardening, type ServerRole, type TlsTermination } from "../../constructs/cloud-init";

const ROLES: ServerRole[] = ["app", "worker", "all"];
const props = (role: ServerRole, tls: TlsTermination = "load-balancer") => ({ app: "bizsocials", role, hostname: "app.bizsocials.io", tls });
const render = (role: ServerRole, tls: TlsTermination = "load-balancer") => renderCloudInit(cloudConfig(props(role, tls)));

describe("cloud-init", () => {
  it.each(ROLES)("%s: is a #cloud-config document that round-trips to the typed model", (role) => {
    const text = render(role);
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(cloudConfig(props(role)))));
  });

  it.each(ROLES)("%s: hardens SSH (seed 000 §12.3) and creates a deploy user with the Droplet's keys", (role) => {
    const config = parse(render(role));
    // sshd refuses root; cloud-init's disable_root would put a forced command on the keys deploy gets.
    expect(config.disable_root).toBe(false);
    expect(config.ssh_pwauth).toBe(false);
    expect(config.users.map((u: { name: string }) => u.name)).toEqual(["deploy"]);
    expect(config.users[0].lock_passwd).toBe(true);
    const sshd = config.write_files.find((f: { path: string }) => f.path.startsWith("/etc/ssh/sshd_config.d/"));
    for (const line of ["PermitRootLogin no", "PasswordAuthentication no", "PubkeyAuthentication yes", "AllowUsers deploy"]) {
      expect(sshd.content.split("\n")).toContain(line);
    }
    // sshd keeps the first value it reads: our file must sort before cloud-init's 50-cloud-init.conf.
    expect(sshd.path.split("/").pop() < "50-cloud-init.conf").toBe(true);
    expect(config.runcmd).toContainEqual(expect.arrayContaining(["/root/.ssh/authorized_keys", "/home/deploy/.ssh/authorized_keys"]));
  });

  it("app servers get nginx, php8.3-fpm and the seed's extensions; workers get php-cli and no web server", () => {
    const app = parse(render("app"));
    const worker = parse(render("worker"));
    for (const pkg of ["nginx", "php8.3-fpm", "php8.3-mysql", "php8.3-redis", "php8.3-mbstring", "php8.3-xml", "php8.3-bcmath", "php8.3-gd", "php8.3-curl", "php8.3-zip", "supervisor"]) {
      expect(app.packages).toContain(pkg);
    }
    expect(worker.packages).toContain("php8.3-cli");
    expect(worker.packages).toContain("php8.3-redis");
    expect(worker.packages).not.toContain("nginx");
    expect(worker.packages).not.toContain("php8.3-fpm");
  });

  it.each([
    ["app", false],
    ["worker", true],
    ["all", true],
  ] as const)("%s: runs queue:work and schedule:work under supervisor: %s", (role, runsQueue) => {
    const config = parse(render(role));
    const supervisor = config.write_files.find((f: { path: string }) => f.path.startsWith("/etc/supervisor/conf.d/"));
    expect(supervisor !== undefined).toBe(runsQueue);
    if (supervisor) {
      expect(supervisor.content).toMatch(/^command=php \/var\/www\/bizsocials\/artisan queue:work /m);
      expect(supervisor.content).toMatch(/^command=php \/var\/www\/bizsocials\/artisan schedule:work$/m);
      expect(supervisor.content).toMatch(/^user=deploy$/m);
    }
  });

  it("serves the hostname on :80 behind the load balancer", () => {
    const site = parse(render("app")).write_files.find((f: { path: string }) => f.path === "/etc/nginx/sites-available/bizsocials");
    expect(site.content).toContain("listen 80 default_server;");
    expect(site.content).toContain("server_name app.bizsocials.io;");
    expect(site.content).toContain("fastcgi_pass unix:/var/run/php/php8.3-fpm.sock;");
  });

  it("terminates TLS on the Droplet only without a load balancer: certbot retried by a timer until it succeeds", () => {
    const own = parse(render("all", "droplet"));
    expect(own.packages).toEqual(expect.arrayContaining(["certbot", "python3-certbot-nginx"]));
    const service = own.write_files.find((f: { path: string }) => f.path === "/etc/systemd/system/certbot-bootstrap.service");
    expect(service.content).toMatch(/^ExecStart=\/usr\/bin\/certbot --nginx .*--redirect -d app\.bizsocials\.io$/m);
    expect(service.content).toMatch(/^ExecStartPost=\/usr\/bin\/systemctl disable --now certbot-bootstrap\.timer$/m);
    expect(own.runcmd).toContainEqual(["systemctl", "enable", "--now", "certbot-bootstrap.timer"]);

    const behindLb = parse(render("all", "load-balancer"));
    expect(behindLb.packages).not.toContain("certbot");
    expect(behindLb.write_files.map((f: { path: string }) => f.path)).not.toContain("/etc/systemd/system/certbot-bootstrap.service");
    // Workers never serve HTTP, whatever the stack does.
    expect(parse(render("worker", "droplet")).packages).not.toContain("certbot");
  });

  it("sshdHardening names the allowed user", () => {
    expect(sshdHardening("ops")).toContain("AllowUsers ops\n");
  });
});

describe("PHP database driver follows the engine", () => {
  it.each([
    ["mysql", "php8.3-mysql", "php8.3-pgsql"],
    ["pg", "php8.3-pgsql", "php8.3-mysql"],
  ] as const)("%s installs %s and not %s", (engine, wanted, unwanted) => {
    const packages = cloudConfig({ app: "acme", role: "all", hostname: "dev.acme.io", tls: "droplet", databaseEngine: engine }).packages;
    expect(packages).toContain(wanted);
    expect(packages).not.toContain(unwanted);
  });
});

describe("queue connection follows the cache", () => {
  it.each(["redis", "database"] as const)("queue:work %s", (queue) => {
    const conf = cloudConfig({ app: "acme", role: "worker", hostname: "app.acme.io", tls: "load-balancer", queueConnection: queue }).write_files.find((f) => f.path.includes("supervisor"))!;
    expect(conf.content).toMatch(new RegExp(`artisan queue:work ${queue} `));
  });
});
