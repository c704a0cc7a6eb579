<?php
// The boot stage's sample Laravel app: answers the health path (sample-health-path) with 200 once
// it can read its cached settings, 404 elsewhere.
$root = dirname(__DIR__);
$health = trim(file_get_contents("$root/sample-health-path"));
$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
if ($path !== $health) {
    http_response_code(404);
    echo "sample: not found\n";
    return;
}
$config = require "$root/bootstrap/cache/config.php";
echo "ok: " . count($config) . " settings\n";
