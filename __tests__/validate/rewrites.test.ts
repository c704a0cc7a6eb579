/** The sandbox rewrite rules of each runtime check, one at a time, and what each tool's output means. */
import { sandboxPaths, sandboxedPrefixes } from "../../validate/sandbox";
import { schemaProblems } from "../../validate/runtime/cloud-init-schema";
import { fastcgiTargets, documentRoots, healthTarget, stubIndexPhp } from "../../validate/runtime/health";
import { listenPorts, mainConfig, proxyPorts, rewriteSite } from "../../validate/runtime/nginx";
import { fpmProblems, rewritePool } from "../../validate/runtime/php-fpm";
import { programNames, rewriteProgramFile, supervisordConfig, unlisted } from "../../validate/runtime/supervisor";
import { dropInUnit, stubMissingCommands } from "../../validate/runtime/systemd";
import { planSummary, withLocalBackend } from "../../validate/terraform";

const S = "/tmp/sb";
const lines = (text: string) => text.split("\n").length;

describe("sandboxPaths", () => {
  const prefixes = sandboxedPrefixes("shop");
  test.each([
    ["root /var/www/shop/public;", "root /tmp/sb/var/www/shop/public;"],
    ["fastcgi_pass unix:/run/php/shop.sock;", "fastcgi_pass unix:/tmp/sb/run/php/shop.sock;"],
    ["listen=/var/run/php/x.sock", "listen=/tmp/sb/var/run/php/x.sock"],
    ["stdout_logfile=/var/log/shop/q.log", "stdout_logfile=/tmp/sb/var/log/shop/q.log"],
    ['include "/etc/shop/nginx.conf";', 'include "/tmp/sb/etc/shop/nginx.conf";'],
    ["command=/home/deploy/bin/x", "command=/tmp/sb/home/deploy/bin/x"],
  ])("%s → under the sandbox", (from, to) => expect(sandboxPaths(from, S, prefixes)).toBe(to));

  test.each(["/etc/shopping/x", "/var/wwwx", "/usr/bin/php", "/etc/ssl/certs/x.pem", "http://example.com/run/x"])("leaves %s alone", (text) => {
    expect(sandboxPaths(text, S, prefixes)).toBe(text);
  });
});

describe("nginx site rewrite", () => {
  const site = [
    "server {",
    "    listen 80 default_server;",
    "    listen [::]:80 default_server;",
    "    server_name app.shop.io;",
    "    root /var/www/shop/current/public;",
    "    location / { proxy_pass http://127.0.0.1:8000; }",
    "    location ~ \\.php$ { fastcgi_pass unix:/run/php/shop-fpm.sock; include fastcgi_params; }",
    "}",
  ].join("\n");
  const ports = { listen: new Map([[80, 41000]]), proxy: new Map([[8000, 42000]]) };
  const rewritten = rewriteSite(site, S, "shop", ports);

  test("finds the ports to map", () => {
    expect(listenPorts(site)).toEqual([80]);
    expect(listenPorts("listen 0.0.0.0:8080 ssl;\nlisten *:81;\nserver { listen 82; }")).toEqual([8080, 81, 82]);
    expect(proxyPorts(site)).toEqual([8000]);
  });
  test("listens on the sandbox port on loopback, keeping the options", () => expect(rewritten).toContain("    listen 127.0.0.1:41000 default_server;"));
  test("comments out the IPv6 listen", () => expect(rewritten).toContain("    # validate: IPv6 dropped: listen [::]:80 default_server;"));
  test("points proxy_pass at the stub's port", () => expect(rewritten).toContain("proxy_pass http://127.0.0.1:42000;"));
  test("moves the document root and the socket into the sandbox", () => {
    expect(rewritten).toContain("root /tmp/sb/var/www/shop/current/public;");
    expect(fastcgiTargets(rewritten)).toEqual(["/tmp/sb/run/php/shop-fpm.sock"]);
    expect(documentRoots(rewritten)).toEqual(["/tmp/sb/var/www/shop/current/public"]);
  });
  test("keeps relative includes and the line count (nginx's line numbers still match)", () => {
    expect(rewritten).toContain("include fastcgi_params;");
    expect(lines(rewritten)).toBe(lines(site));
  });
  test("a listen after { or ; on the same line is rewritten too", () => {
    expect(rewriteSite("server { listen 80; server_name x; }", S, "shop", ports)).toBe("server { listen 127.0.0.1:41000; server_name x; }");
  });
  test("refuses a port it was not given a mapping for", () => expect(() => rewriteSite("listen 81;", S, "shop", ports)).toThrow("no sandbox port for 81"));
  test("the main config keeps pid and temp paths in the sandbox and includes the sites", () => {
    const conf = mainConfig(S);
    expect(conf).toContain(`pid ${S}/run/nginx.pid;`);
    expect(conf).toContain("error_log stderr warn;");
    expect(conf).toContain(`include ${S}/etc/nginx/sites-available/*;`);
    expect(conf).not.toMatch(/ \/var\/(log|lib)\//);
    expect(mainConfig(S, false)).not.toContain("mime.types");
  });
});

describe("php-fpm pool rewrite", () => {
  const pool = "[shop]\nuser = deploy\ngroup=deploy\nlisten = /run/php/shop.sock\nlisten.owner = www-data\nslowlog = /var/log/php/slow.log\n";
  const rewritten = rewritePool(pool, S, "shop", { users: ["deploy"], groups: ["deploy"] });
  test("users and groups the cloud-config creates become nobody/nogroup; Debian's stay", () => {
    expect(rewritten).toContain("user = nobody\ngroup=nogroup\n");
    expect(rewritten).toContain("listen.owner = www-data");
  });
  test("paths go into the sandbox, line count kept", () => {
    expect(rewritten).toContain("listen = /tmp/sb/run/php/shop.sock");
    expect(rewritten).toContain("slowlog = /tmp/sb/var/log/php/slow.log");
    expect(lines(rewritten)).toBe(lines(pool));
  });
  test("ERROR and WARNING lines are problems, NOTICE lines are not", () => {
    expect(fpmProblems("[24-Nov] NOTICE: configuration file x test is successful\n")).toEqual([]);
    expect(fpmProblems("[24-Nov] WARNING: [pool shop] pm.min_spare_servers(0) …\n[24-Nov] ERROR: FPM initialization failed")).toHaveLength(2);
  });
});

describe("supervisor program rewrite", () => {
  const conf = "[program:shop-worker]\ncommand=php /var/www/shop/artisan queue:work\nuser=deploy\nautostart=true\nstdout_logfile=/var/log/shop/worker.log\n\n[program:shop-cron]\nuser=www-data\ncommand=php x\n";
  const rewritten = rewriteProgramFile(conf, S, "shop", { users: ["deploy"] });
  test("lists the programs", () => expect(programNames(conf)).toEqual(["shop-worker", "shop-cron"]));
  test("never runs the commands: every program gets autostart=false, the original is commented out", () => {
    expect(rewritten).toContain("[program:shop-worker]\nautostart=false\n");
    expect(rewritten).toContain("[program:shop-cron]\nautostart=false\n");
    expect(rewritten).toContain("; validate: autostart=true");
    expect(rewritten.match(/^autostart=/gm)).toHaveLength(2);
  });
  test("users the cloud-config creates become nobody; Debian's stay", () => {
    expect(rewritten).toContain("user=nobody\n");
    expect(rewritten).toContain("user=www-data\n");
  });
  test("logs point into the sandbox, where only the packages' directories exist", () => expect(rewritten).toContain("stdout_logfile=/tmp/sb/var/log/shop/worker.log"));
  test("the sandbox supervisord.conf keeps socket and logs in the sandbox and includes the copies", () => {
    const main = supervisordConfig(S, [`${S}/etc/shop/supervisor/worker.conf`], true);
    expect(main).toContain(`file=${S}/run/supervisor.sock`);
    expect(main).toContain(`serverurl=unix://${S}/run/supervisor.sock`);
    expect(main).toContain(`childlogdir=${S}/var/log/supervisor`);
    expect(main).toContain(`files = ${S}/etc/shop/supervisor/worker.conf`);
    expect(main).toContain("nodaemon=true");
  });
  test("avail must list every program, however supervisor names its processes", () => {
    const avail = "shop-worker:shop-worker_00  in use  auto  999:999\nshop:shop-cron  in use  auto  999:999\nsolo  in use  auto  999:999\n";
    expect(unlisted(["shop-worker", "shop-cron", "solo"], avail)).toEqual([]);
    expect(unlisted(["shop-mail"], avail)).toEqual(["shop-mail"]);
  });
});

describe("systemd units", () => {
  const unit = "[Service]\nExecStartPre=-/usr/bin/install -d /var/x\nExecStart=/usr/bin/certbot --nginx\nExecStartPost=systemctl disable x\nExecStop=+/opt/missing/bin/stop now\n";
  const present = (c: string) => ["/usr/bin/install", "systemctl"].includes(c);
  const { text, stubbed } = stubMissingCommands(unit, "/tmp/sb/validate-stubs", present);
  test("commands missing here point at stubs, prefixes and arguments kept; present ones stay", () => {
    expect(stubbed).toEqual(["/usr/bin/certbot", "/opt/missing/bin/stop"]);
    expect(text).toContain("ExecStart=/tmp/sb/validate-stubs/usr/bin/certbot --nginx");
    expect(text).toContain("ExecStop=+/tmp/sb/validate-stubs/opt/missing/bin/stop now");
    expect(text).toContain("ExecStartPre=-/usr/bin/install -d /var/x");
    expect(text).toContain("ExecStartPost=systemctl disable x");
    expect(lines(text)).toBe(lines(unit));
  });
  test("a drop-in belongs to the unit its directory names", () => expect(dropInUnit("/etc/systemd/system/supervisor.service.d/graceful.conf")).toBe("supervisor.service"));
});

describe("cloud-init schema output", () => {
  test("a valid document with no deprecation is fine", () => expect(schemaProblems("Cloud config schema deprecations: \nValid cloud-config: /tmp/x\n")).toEqual([]));
  test("a deprecation is a problem though cloud-init exits 0", () => {
    expect(schemaProblems("Cloud config schema deprecations: apt_update: DEPRECATED: Dropped after April 2027.\nValid cloud-config: /tmp/x\n")).toHaveLength(1);
  });
});

describe("terraform", () => {
  test("the backend becomes local; everything else is kept", () => {
    const json = { terraform: { backend: { s3: { bucket: "b" } }, required_version: ">= 1.6.3" }, variable: { a: {} } };
    expect(withLocalBackend(json)).toEqual({ terraform: { backend: { local: { path: "terraform.tfstate" } }, required_version: ">= 1.6.3" }, variable: { a: {} } });
    expect(json.terraform.backend).toEqual({ s3: { bucket: "b" } });
  });
  test.each([
    ["Plan: 38 to add, 0 to change, 0 to destroy.", "38 to add"],
    ["Plan: 1 to add, 2 to change, 3 to destroy.", "1 to add, 2 to change, 3 to destroy"],
    ["No changes. Your infrastructure matches the configuration.", "no changes"],
    ["something else", undefined],
  ])("plan summary of %j", (output, summary) => expect(planSummary(output)).toBe(summary));
});

describe("health target", () => {
  const lb = (healthcheck: unknown) => ({ resource: { digitalocean_loadbalancer: { edge: { healthcheck } } }, output: { app_url: { value: "https://app.shop.io" } } });
  test("the load balancer's path and port, the host of app_url", () => {
    expect(healthTarget(lb({ path: "/up", port: 80 }))).toEqual({ path: "/up", host: "app.shop.io", port: 80 });
    expect(healthTarget(lb([{ path: "/health", port: 8080 }]))).toEqual({ path: "/health", host: "app.shop.io", port: 8080 });
  });
  test("without a load balancer, the healthPath and hostname the stack records", () => {
    expect(healthTarget({ "//": { platform: { healthPath: "/up", hostname: "dev.shop.io" } } })).toEqual({ path: "/up", host: "dev.shop.io", port: 80 });
  });
  test("says what is missing", () => {
    expect(healthTarget({ output: { app_url: { value: "https://dev.shop.io" } } })).toMatch(/no load balancer and its "\/\/".platform records no healthPath/);
    expect(healthTarget({ "//": { platform: { healthPath: "/up" } }, output: { app_url: { value: "https://${digitalocean_record.x.fqdn}" } } })).toMatch(/no hostname/);
  });
  test("the stub app answers 200 on the health path only", () => {
    expect(stubIndexPhp("/it's")).toContain("if ($path === '/it\\'s')");
    expect(stubIndexPhp("/up")).toContain("http_response_code(404)");
  });
});
