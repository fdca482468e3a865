'use strict';
// Lays out what the .vsix holds, in a staging folder: vss-extension.json, the icon and overview, and per task
// folder task.json, index.js, the runner, the task icon and payload.json, the pin every task carries: for each
// release archive (graylane-<platform>.tar.gz) its name, size and SHA-256, and the release URL that serves it.
// The agent downloads each task on its own, so every folder gets its own copy of the (small) shared files.
//   node src/Tasks/stage-extension.js <archives folder> <staging folder> [required platforms, comma separated]
const fs = require('fs');
const path = require('path');
const { sha256 } = require('./install-graylane.js');

const root = path.resolve(__dirname, '..', '..');
const tasks = path.join(root, 'src', 'Tasks');

function payload(folder, version, url) {
  const assets = {};
  for (const file of fs.readdirSync(folder).sort()) {
    const match = /^graylane-(.+)\.tar\.gz$/.exec(file);
    if (!match) continue;
    const data = fs.readFileSync(path.join(folder, file));
    assets[match[1]] = { file, size: data.length, sha256: sha256(data) };
  }
  return { version, url, assets };
}

function stage(archives, staging, required = []) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'vss-extension.json'), 'utf8'));
  // The manifest's version and repository are generated from the release (Graylane.Packaging --version).
  const pin = payload(archives, manifest.version, `${manifest.repository.uri}/releases/download/v${manifest.version}/`);
  const missing = required.filter((p) => !pin.assets[p]);
  if (missing.length > 0) throw new Error(`no ${missing.map((p) => `graylane-${p}.tar.gz`).join(', ')} in ${archives}`);
  if (Object.keys(pin.assets).length === 0) throw new Error(`no graylane-<platform>.tar.gz in ${archives}`);

  const stagedTasks = path.join(staging, 'src', 'Tasks');
  fs.mkdirSync(stagedTasks, { recursive: true });
  fs.copyFileSync(path.join(root, 'vss-extension.json'), path.join(staging, 'vss-extension.json'));
  fs.copyFileSync(path.join(tasks, 'overview.md'), path.join(stagedTasks, 'overview.md'));
  fs.cpSync(path.join(tasks, 'images'), path.join(stagedTasks, 'images'), { recursive: true });
  for (const contribution of manifest.contributions) {
    const name = path.basename(contribution.properties.name);
    const dest = path.join(stagedTasks, name);
    fs.mkdirSync(dest, { recursive: true });
    for (const file of ['task.json', 'index.js']) fs.copyFileSync(path.join(tasks, name, file), path.join(dest, file));
    for (const file of ['run-graylane.js', 'install-graylane.js']) fs.copyFileSync(path.join(tasks, file), path.join(dest, file));
    fs.copyFileSync(path.join(tasks, 'images', 'icon.png'), path.join(dest, 'icon.png'));
    fs.writeFileSync(path.join(dest, 'payload.json'), `${JSON.stringify(pin, null, 2)}\n`);
  }
  return pin;
}

if (require.main === module) {
  const [archives, staging, required] = process.argv.slice(2);
  if (!staging) {
    console.error('usage: stage-extension.js <archives folder> <staging folder> [required platforms, comma separated]');
    process.exit(2);
  }
  try {
    const pin = stage(archives, staging, (required || '').split(',').filter(Boolean));
    for (const [platform, asset] of Object.entries(pin.assets)) {
      console.log(`payload: ${platform}: ${asset.file}, ${asset.size} bytes, sha256 ${asset.sha256}`);
    }
  } catch (e) {
    console.error(`stage-extension: ${e.message}`);
    process.exit(1);
  }
}

module.exports = { stage, payload };
