'use strict';
// Runs the graylane binary bundled with an Azure Pipelines task for one step. The agent hands the task
// its inputs and service connections as environment variables (INPUT_*, ENDPOINT_*), which the binary
// reads itself (TF_BUILD=True selects its Azure host), so the environment is passed on untouched and
// stdout/stderr are inherited: the binary's ##vso commands reach the agent as they are written.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

// The native (AOT) binary where one was built for this agent; elsewhere the framework-dependent
// build on the agent's .NET runtime (Windows, macOS: add a UseDotNet@2 step for .NET 10 if needed).
function command(dir, platform, arch) {
  const native = path.join(dir, 'bin', `${platform}-${arch}`, 'graylane');
  if (platform === 'linux' && fs.existsSync(native)) {
    // Task archives do not always keep the executable bit.
    try { fs.chmodSync(native, 0o755); } catch (e) { /* read-only task folder: try it as it is */ }
    return { file: native, args: [] };
  }
  return { file: 'dotnet', args: [path.join(dir, 'bin', 'portable', 'graylane.dll')] };
}

function fail(message) {
  // Plain ##vso commands: the task library is not worth bundling for two lines.
  const data = message.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  process.stdout.write(`##vso[task.logissue type=error]${data}\n`);
  process.stdout.write(`##vso[task.complete result=Failed;]${data}\n`);
  process.exitCode = 1;
}

module.exports = function run(step, options = {}) {
  const dir = options.dir || __dirname;
  const { file, args } = command(dir, options.platform || process.platform, options.arch || process.arch);
  const child = spawn(file, [...args, step], { stdio: 'inherit', env: process.env });
  // A cancelled job signals this process; pass it on so the step stops where it can resume.
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (e) => {
    fail(e.code === 'ENOENT' && file === 'dotnet'
      ? `graylane ${step}: no native binary for ${process.platform}-${process.arch} and 'dotnet' is not on the PATH; add a UseDotNet@2 step (packageType: runtime, version: 10.x) before this task`
      : `graylane ${step}: cannot start ${file}: ${e.message}`);
  });
  child.on('exit', (code, signal) => {
    process.removeListener('SIGINT', forward);
    process.removeListener('SIGTERM', forward);
    process.exitCode = code ?? (signal ? 1 : 0);
  });
};
