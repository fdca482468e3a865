'use strict';
// Runs graylane for one step of an Azure Pipelines task. The agent hands the task its inputs and service
// connections as environment variables (INPUT_*, ENDPOINT_*), which the binary reads itself (TF_BUILD=True
// selects its Azure host), so the environment is passed on untouched and stdout/stderr are inherited: the
// binary's ##vso commands reach the agent as they are written. Which binary, and getting it onto the agent,
// is install-graylane.js's job.
const { spawn } = require('child_process');
const { install } = require('./install-graylane.js');

function fail(message) {
  // Plain ##vso commands: the task library is not worth bundling for two lines.
  const data = message.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  process.stdout.write(`##vso[task.logissue type=error]${data}\n`);
  process.stdout.write(`##vso[task.complete result=Failed;]${data}\n`);
  process.exitCode = 1;
}

function start(step, file, args) {
  const child = spawn(file, [...args, step], { stdio: 'inherit', env: process.env });
  // A cancelled job signals this process; pass it on so the step stops where it can resume.
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (e) => fail(`graylane ${step}: cannot start ${file}: ${e.message}`));
  child.on('exit', (code, signal) => {
    process.removeListener('SIGINT', forward);
    process.removeListener('SIGTERM', forward);
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

module.exports = function run(step, options = {}) {
  install(options.dir || __dirname, options)
    .then(({ file, args }) => start(step, file, args))
    .catch((e) => fail(`graylane ${step}: ${e.message}`));
};
