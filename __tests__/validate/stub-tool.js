// A stand-in for the tools `npm run validate` runs (terraform, cloud-init, nginx, php-fpm,
// supervisord, supervisorctl, systemd-analyze, shellcheck), copied onto PATH under their names by
// stubs.ts. Each call appends {tool, argv, cwd, …} as a JSON line to $STUB_LOG. Told by the
// environment:
//   STUB_FAIL="terraform validate,nginx -t"    those tools (or tool + one of its arguments) print and exit 1
//   STUB_WARN="systemd-analyze"                those print a warning and exit 0
//   STUB_TERRAFORM_REPLAY="init=/x/init-offline"  terraform init prints /x/init-offline.stdout and
//                                              .stderr (what the real one printed) and exits 1
//   STUB_NGINX_200=1                           the nginx daemon answers 200 to everything
//   STUB_AVAIL_EMPTY=1                         supervisorctl avail lists no program
// Daemons do just enough: nginx serves its sandbox ports and forwards to a php-fpm stub's socket
// (or a proxy_pass port), php-fpm listens on its pools' sockets, supervisord on its socket.
"use strict";
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");

const tool = path.basename(process.argv[1]);
const argv = process.argv.slice(2);
const log = (extra = {}) => fs.appendFileSync(process.env.STUB_LOG, `${JSON.stringify({ tool, argv, cwd: process.cwd(), ...extra })}\n`);
const listed = (name) => (name ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const told = (name) => listed(name).some((t) => t === tool || argv.some((a) => t === `${tool} ${a}`));
const arg = (flag) => argv[argv.indexOf(flag) + 1];
const read = (file) => fs.readFileSync(file, "utf8");
const filesIn = (dir, re) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => re.test(f)).map((f) => path.join(dir, f)) : []);

function relay(res, options) {
  const req = http.request({ ...options, method: "GET", agent: false }, (up) => {
    res.writeHead(up.statusCode).end();
    up.resume();
  });
  req.on("error", () => res.writeHead(502).end());
  req.end();
}

function nginxDaemon() {
  const prefix = arg("-p");
  const sites = [...filesIn(path.join(prefix, "sites-available"), /./), ...filesIn(path.join(prefix, "conf.d"), /\.conf$/)].map(read).join("\n");
  const ports = [...sites.matchAll(/listen 127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
  const socket = /fastcgi_pass unix:([^;\s]+)/.exec(sites)?.[1];
  const proxy = /proxy_pass http:\/\/127\.0\.0\.1:(\d+)/.exec(sites)?.[1];
  for (const port of ports) {
    http
      .createServer((req, res) => {
        if (process.env.STUB_NGINX_200) return res.writeHead(200).end();
        if (socket && fs.existsSync(socket)) return relay(res, { socketPath: socket, path: req.url });
        if (proxy) return relay(res, { host: "127.0.0.1", port: Number(proxy), path: req.url });
        res.writeHead(502).end();
      })
      .listen(port, "127.0.0.1");
  }
}

function phpFpmDaemon() {
  const include = /^include = (.*)$/m.exec(read(arg("-y")))[1];
  for (const pool of filesIn(path.dirname(include), /\.conf$/)) {
    const listen = /^listen = (.*)$/m.exec(read(pool))[1];
    http.createServer((req, res) => res.writeHead(200).end()).listen(listen);
  }
}

function supervisorctl() {
  const conf = read(arg("-c"));
  if (argv.includes("shutdown")) return console.log("Shut down");
  const files = /^files = (.*)$/m.exec(conf)[1].split(" ");
  const programs = files.flatMap((f) => [...read(f).matchAll(/^\[program:([^\]]+)\]/gm)].map((m) => m[1]));
  if (!process.env.STUB_AVAIL_EMPTY) for (const p of programs) console.log(`${p}:${p}_00  in use  manual  999:999`);
}

if (tool === "terraform") {
  const json = fs.existsSync("cdk.tf.json") ? JSON.parse(read("cdk.tf.json")) : {};
  const varFile = argv.find((a) => a.startsWith("-var-file="))?.slice("-var-file=".length);
  log({ backend: json.terraform?.backend, varFile: varFile && read(varFile), env: { TF_IN_AUTOMATION: process.env.TF_IN_AUTOMATION, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE, TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE } });
} else if (tool === "cloud-init") {
  log({ document: read(arg("--config-file")) });
} else {
  log();
}
const replay = listed(process.env.STUB_TERRAFORM_REPLAY).find((r) => tool === "terraform" && r.startsWith(`${argv[0]}=`));
if (replay) {
  const base = replay.slice(replay.indexOf("=") + 1);
  for (const [stream, ext] of [[process.stdout, "stdout"], [process.stderr, "stderr"]]) if (fs.existsSync(`${base}.${ext}`)) stream.write(fs.readFileSync(`${base}.${ext}`));
  process.exitCode = 1;
  return;
}
if (told(process.env.STUB_FAIL)) {
  console.error(`stub ${tool}: failing as told`);
  process.exit(1);
}
if (told(process.env.STUB_WARN)) console.error(`stub ${tool}: a warning`);

if (tool === "terraform" && argv[0] === "plan") console.log("Plan: 38 to add, 0 to change, 0 to destroy.");
else if (tool === "cloud-init") console.log(`Valid cloud-config: ${arg("--config-file")}`);
else if (tool === "nginx" && argv.includes("-t")) console.error("nginx: the configuration file x syntax is ok\nnginx: configuration file x test is successful");
else if (tool === "nginx") nginxDaemon();
else if (tool.startsWith("php-fpm") && !argv.includes("-t")) phpFpmDaemon();
else if (tool === "supervisord") http.createServer().listen(/^file=(.*)$/m.exec(read(arg("-c")))[1]);
else if (tool === "supervisorctl") supervisorctl();
