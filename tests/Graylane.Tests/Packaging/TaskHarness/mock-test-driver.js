'use strict';
// Runs one task through azure-pipelines-task-lib's MockTestRunner and writes what it saw as JSON:
//   node mock-test-driver.js <task.json> <result.json>      (the case is in GRAYLANE_MOCK_CASE, read by mock-task.js)
// The runner judges the result from the ##vso commands (task.complete result=Failed makes `failed`); output
// variables and error messages are read with the task library's own command parser.
const fs = require('fs');
const path = require('path');
const { MockTestRunner } = require('azure-pipelines-task-lib/mock-test');
const { commandFromString } = require('azure-pipelines-task-lib/taskcommand');

async function main() {
  const [taskJson, resultFile] = process.argv.slice(2);
  const runner = new MockTestRunner(path.join(__dirname, 'mock-task.js'), taskJson);
  // The runner would download the Node version the task.json handler names; the tests check that this node has
  // that major version and hand it over (the machine reaches no Node download site).
  const wanted = runner.getNodeVersion();
  const have = Number(process.versions.node.split('.')[0]);
  if (wanted !== have) throw new Error(`the task runs on Node ${wanted}, this is Node ${have}`);
  runner.nodePath = process.execPath;
  await runner.runAsync();

  const outputs = {};
  const errors = [];
  for (const line of runner.stdout.replace(/\r\n/g, '\n').split('\n')) {
    if (!line.startsWith('##vso[')) continue;
    const command = commandFromString(line);
    if (command.command === 'task.setvariable' && command.properties.isOutput === 'true') outputs[command.properties.variable] = command.message;
    if ((command.command === 'task.logissue' || command.command === 'task.issue') && command.properties.type === 'error') errors.push(command.message);
  }
  fs.writeFileSync(resultFile, JSON.stringify({
    succeeded: runner.succeeded,
    failed: runner.failed,
    errors,
    outputs,
    stdout: runner.stdout,
    stderr: runner.stderr,
  }));
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
