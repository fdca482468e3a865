'use strict';
// The task run that MockTestRunner starts (azure-pipelines-task-lib's documented harness for task authors):
// TaskMockRunner sets the inputs as the agent does (INPUT_<NAME>), this file adds the Kubernetes service connection
// the way the agent hands one to a task (the input holds its id, ENDPOINT_* the connection), and then the task's own
// index.js runs for real: nothing is mocked, the real graylane binary talks to the local cluster.
// The case comes from GRAYLANE_MOCK_CASE (JSON): { index, inputs, endpoint: { id, kubeconfig, url }, variables }.
const { TaskMockRunner } = require('azure-pipelines-task-lib/mock-run');

const testCase = JSON.parse(process.env.GRAYLANE_MOCK_CASE);
const tmr = new TaskMockRunner(testCase.index);
for (const [name, value] of Object.entries(testCase.inputs || {})) tmr.setInput(name, value);

if (testCase.endpoint) {
  // As the agent's Handler.AddEndpointsToEnvironment writes them: the id verbatim, the keys upper-cased.
  const { id, url, kubeconfig } = testCase.endpoint;
  process.env[`ENDPOINT_URL_${id}`] = url;
  process.env[`ENDPOINT_AUTH_${id}`] = JSON.stringify({ parameters: { kubeconfig }, scheme: 'Kubernetes' });
  process.env[`ENDPOINT_AUTH_SCHEME_${id}`] = 'Kubernetes';
  process.env[`ENDPOINT_AUTH_PARAMETER_${id}_KUBECONFIG`] = kubeconfig;
  process.env[`ENDPOINT_DATA_${id}`] = JSON.stringify({ authorizationType: 'Kubeconfig' });
  process.env[`ENDPOINT_DATA_${id}_AUTHORIZATIONTYPE`] = 'Kubeconfig';
}
for (const [name, value] of Object.entries(testCase.variables || {})) {
  // Pipeline and agent variables reach a task as environment variables: '.' → '_', upper-cased.
  process.env[name.replace(/[. ]/g, '_').toUpperCase()] = value;
}
process.env.TF_BUILD = 'True';
tmr.run(true);
