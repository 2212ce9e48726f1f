// The round trip a new user makes, through the TypeScript (fetch) client OpenAPI Generator makes from
// the service's OpenAPI document, as generated: a dataset from a generator, a training job started and
// polled to its end, its model read, a prediction, a chart, a dry run and an error read as problem+json.
// .ci/run generates the client into ./client, compiles this with tsc and runs it with Node against a
// started service: BACKPROP_URL and BACKPROP_KEY (an admin key) name it.
import {
  Configuration, DatasetsApi, ModelsApi, PredictionsApi, ResponseError, TrainingJobsApi,
} from './client';

const basePath = process.env.BACKPROP_URL;
const key = process.env.BACKPROP_KEY;
if (!basePath || !key) {
  throw new Error('set BACKPROP_URL and BACKPROP_KEY');
}
const config = new Configuration({ basePath, accessToken: key });
const datasets = new DatasetsApi(config);
const jobs = new TrainingJobsApi(config);
const models = new ModelsApi(config);
const predictions = new PredictionsApi(config);

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error('round trip failed: ' + what);
  }
  console.log('ok - ' + what);
}

async function main(): Promise<void> {
  const dataset = await datasets.createDataset({
    createDatasetRequest: { name: 'ts-moons', generator: { type: 'moons', samples: 200, noise: 0.2, seed: 0 } },
  });
  check(dataset.id !== undefined && dataset.rows === 200, 'created a dataset of 200 rows from a generator');

  const request = {
    datasetId: dataset.id!, name: 'ts-moons',
    model: { hiddenLayers: [8] },
    training: { epochs: 300, learningRate: 0.1, seed: 1 },
  };
  const plan = await jobs.dryRunTrainingJob({ trainingJobRequest: request });
  check(plan.valid === true && plan.model !== undefined, 'a dry run resolves the request without starting a job');

  const started = await jobs.startTrainingJob({ trainingJobRequest: request });
  check(started.id !== undefined && started.status !== undefined, 'started a job: ' + started.status);

  const deadline = Date.now() + 120_000;
  let job = started;
  while (job.status === 'QUEUED' || job.status === 'RUNNING') {
    if (Date.now() > deadline) {
      throw new Error('the job did not end within 120 s: ' + JSON.stringify(job));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    job = await jobs.getTrainingJob({ id: started.id! });
  }
  check(job.status === 'SUCCEEDED' && job.modelId !== undefined, 'the job succeeded with a model');

  const history = await jobs.getTrainingHistory({ id: job.id! });
  check((history.points?.length ?? 0) > 0, 'read the loss history');

  const chart = await jobs.getTrainingHistoryChart({ id: job.id! });
  check(chart.size > 0 && chart.type.startsWith('image/png'), 'downloaded the loss chart as PNG');

  const model = await models.getModel({ id: job.modelId! });
  check(model.id === job.modelId && model.charts !== undefined, 'read the model with its chart links');

  const answer = await predictions.predict({ id: model.id!, predictRequest: { inputs: [[0.5, 0.25], [1.5, -0.4]] } });
  check(answer.predictions?.length === 2 && answer.predictions[0].label !== undefined,
    'predicted two rows: ' + answer.predictions?.map((p) => p.label).join(', '));

  try {
    await jobs.getTrainingJob({ id: '00000000-0000-0000-0000-000000000000' });
    check(false, 'an unknown job is an error');
  } catch (e) {
    check(e instanceof ResponseError && e.response.status === 404
      && (e.response.headers.get('content-type') ?? '').startsWith('application/problem+json'),
    'an unknown job is a 404 problem+json');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
