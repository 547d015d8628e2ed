// Finds Chromium before handing over to Playwright, so a machine without it says so loudly
// instead of failing deep inside a browser launch.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const required = process.env.REQUIRE_E2E === '1';

if (!existsSync(chromium)) {
  const banner = '!'.repeat(78);
  console.error(`${banner}\n  END-TO-END TESTS SKIPPED: no Chromium at ${chromium}.`);
  console.error('  Install it with `apt-get install -y chromium`, or set CHROMIUM_PATH.');
  console.error(`${banner}`);
  process.exit(required ? 1 : 0);
}

const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium },
});
process.exit(result.status ?? 1);
