'use strict';
// The Backprop dashboard: the service's own API, called with the key pasted in the header (kept in
// sessionStorage, for this tab only). Charts are Chart.js; images come from the service's chart endpoints.

const api = {
  key: sessionStorage.getItem('backprop-key') || '',
  headers(extra) {
    const h = Object.assign({}, extra || {});
    if (this.key) h.Authorization = 'Bearer ' + this.key;
    return h;
  },
  async request(method, path, body) {
    const options = { method, headers: this.headers(body ? { 'Content-Type': 'application/json' } : {}) };
    if (body) options.body = JSON.stringify(body);
    const response = await fetch(path, options);
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json() : null;
    return { ok: response.ok, status: response.status, data };
  },
  get(path) { return this.request('GET', path); },
  post(path, body) { return this.request('POST', path, body || {}); },
  /** An image from an authenticated endpoint, as an object URL an <img> can show. */
  async image(path) {
    const response = await fetch(path, { headers: this.headers() });
    if (!response.ok) return null;
    return URL.createObjectURL(await response.blob());
  },
};

const $ = (id) => document.getElementById(id);
const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
const text = (value) => document.createTextNode(value == null ? '' : String(value));

function cell(row, value) {
  const td = document.createElement('td');
  td.appendChild(text(value));
  row.appendChild(td);
  return td;
}

function button(label, onClick, name) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (name) b.setAttribute('aria-label', name);
  b.addEventListener('click', onClick);
  return b;
}

// ---- key ---------------------------------------------------------------------------------------

async function useKey(key) {
  api.key = key;
  sessionStorage.setItem('backprop-key', key);
  const check = await api.get('/api/v1/datasets?size=1');
  $('key-status').textContent = check.ok ? 'connected' : 'the key was refused (' + check.status + ')';
  if (check.ok) {
    await Promise.all([loadDatasets(), loadModels()]);
    await loadRuns();
    await route();
  }
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  useKey($('api-key').value.trim());
});

// ---- datasets ----------------------------------------------------------------------------------

let scatterChart = null;
let shownDataset = null;
const datasetNames = new Map();

async function loadDatasets() {
  const page = await api.get('/api/v1/datasets?size=200');
  if (!page.ok) return;
  const body = $('dataset-table').querySelector('tbody');
  body.replaceChildren();
  const select = $('t-dataset');
  select.replaceChildren();
  for (const d of page.data.content) {
    datasetNames.set(d.id, d.name);
    const row = document.createElement('tr');
    cell(row, d.name);
    cell(row, d.task);
    cell(row, d.rows);
    cell(row, d.features.map((f) => f.name).join(', '));
    cell(row, d.classes ? d.classes.map((c) => c.label + ' (' + c.count + ')').join(', ') : '');
    row.appendChild(document.createElement('td')).appendChild(button('Show', () => go('/datasets/' + d.id), 'Show ' + d.name));
    body.appendChild(row);
    const option = document.createElement('option');
    option.value = d.id;
    option.textContent = d.name + ' (' + d.rows + ' rows)';
    select.appendChild(option);
  }
}

async function showDataset(d) {
  shownDataset = d;
  $('dataset-detail').hidden = false;
  $('dataset-name').textContent = d.name + ': ' + d.rows + ' rows, ' + d.task.toLowerCase();
  $('dataset-name').textContent += d.rowsWithoutTarget ? ' (' + d.rowsWithoutTarget + ' without a target)' : '';
  const stats = $('feature-table').querySelector('tbody');
  stats.replaceChildren();
  for (const f of d.features.concat(d.task === 'REGRESSION' ? d.targets : [])) {
    const row = document.createElement('tr');
    cell(row, f.name);
    cell(row, f.kind ? f.kind.toLowerCase() + (f.identifier ? ' (identifier?)' : '') : 'target');
    cell(row, f.missing || '');
    for (const v of [f.min, f.max, f.mean, f.std]) cell(row, v == null ? '' : Number(v).toPrecision(4));
    cell(row, f.levels ? f.levels.map((l) => l.label + ' (' + l.count + ')').join(', ')
      + (f.levelCount > f.levels.length ? ', ...' : '') : '');
    stats.appendChild(row);
  }
  // the scatter plots number columns only
  const numbers = d.features.map((f, i) => [f, i]).filter(([f]) => f.kind !== 'CATEGORY');
  for (const [id, index] of [['scatter-x', 0], ['scatter-y', 1]]) {
    const select = $(id);
    select.replaceChildren();
    numbers.forEach(([f, i], k) => {
      const option = document.createElement('option');
      option.value = i;
      option.textContent = f.name;
      option.selected = k === Math.min(index, numbers.length - 1);
      select.appendChild(option);
    });
  }
  $('t-dataset').value = d.id;
  if (numbers.length) await drawScatter();
}

async function drawScatter() {
  const d = shownDataset;
  const xi = Number($('scatter-x').value);
  const yi = Number($('scatter-y').value);
  const rows = (await api.get('/api/v1/datasets/' + d.id + '/rows?size=1000')).data.content;
  // classes get a colour each; a regression's points are grouped in four bands of its first target
  const values = rows.filter((r) => r.targets).map((r) => r.targets[0]);
  const low = Math.min(...values);
  const step = (Math.max(...values) - low) / 4 || 1;
  const band = (v) => Math.min(3, Math.floor((v - low) / step));
  const groups = new Map();
  for (const r of rows) {
    const key = r.label != null ? r.label
      : d.targets[0].name + ' ' + (low + band(r.targets[0]) * step).toPrecision(3) + ' to '
        + (low + (band(r.targets[0]) + 1) * step).toPrecision(3);
    if (!groups.has(key)) groups.set(key, []);
    if (r.features[xi] != null && r.features[yi] != null) groups.get(key).push({ x: r.features[xi], y: r.features[yi] });
  }
  const datasets = [...groups.entries()].map(([label, data], i) => ({
    label, data, backgroundColor: palette[i % palette.length], pointRadius: 3,
  }));
  if (scatterChart) scatterChart.destroy();
  scatterChart = new Chart($('scatter'), {
    type: 'scatter',
    data: { datasets },
    options: { animation: false, maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: d.features[xi].name } }, y: { title: { display: true, text: d.features[yi].name } } } },
  });
}

$('scatter-x').addEventListener('change', drawScatter);
$('scatter-y').addEventListener('change', drawScatter);

$('generate-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const type = $('generator').value;
  const created = await api.post('/api/v1/datasets', {
    name: type, generator: { type, samples: Number($('samples').value), noise: Number($('noise').value) },
  });
  if (created.ok) {
    await loadDatasets();
    go('/datasets/' + created.data.id);
  } else {
    $('key-status').textContent = created.data ? created.data.detail : 'refused (' + created.status + ')';
  }
});

$('upload-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = $('upload-file').files[0];
  if (!file) return;
  const form = new FormData();
  form.append('file', file);
  if ($('upload-target').value.trim()) form.append('target', $('upload-target').value.trim());
  const response = await fetch('/api/v1/datasets/upload', { method: 'POST', headers: api.headers(), body: form });
  const data = (response.headers.get('Content-Type') || '').includes('json') ? await response.json() : null;
  if (response.ok) {
    $('upload-status').textContent = 'Uploaded ' + data.name + ': ' + data.rows + ' rows';
    await loadDatasets();
    go('/datasets/' + data.id);
  } else {
    $('upload-status').textContent = data ? data.detail + (data.errors && data.errors.length > 1
      ? ': ' + data.errors.slice(0, 3).map((e) => e.message).join('; ') : '') : 'refused (' + response.status + ')';
  }
});

// ---- training ----------------------------------------------------------------------------------

function trainingRequest() {
  const number = (id) => ($(id).value === '' ? undefined : Number($(id).value));
  const layers = $('t-layers').value.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  return {
    datasetId: $('t-dataset').value,
    model: { hiddenLayers: layers, activation: $('t-activation').value },
    training: {
      epochs: number('t-epochs'), batchSize: number('t-batch'), learningRate: number('t-rate'),
      validationFraction: number('t-validation'), optimizer: { type: $('t-optimizer').value },
      // on by default with a validation share; unchecked, every epoch trains
      earlyStopping: number('t-validation') > 0 && !$('t-stop').checked ? { enabled: false } : undefined,
    },
  };
}

/** Shows a 400's errors beside the fields they name; returns whether there were any. */
function showErrors(problem) {
  const box = $('train-errors');
  box.replaceChildren();
  for (const input of $('train-form').querySelectorAll('[name]')) {
    input.classList.remove('field-error');
    input.removeAttribute('aria-invalid');
  }
  if (!problem) return false;
  const errors = problem.errors || [{ field: '', message: problem.detail }];
  const list = document.createElement('ul');
  for (const e of errors) {
    const item = document.createElement('li');
    item.textContent = (e.field ? e.field + ': ' : '') + e.message;
    list.appendChild(item);
    const input = [...$('train-form').querySelectorAll('[name]')]
      .find((i) => e.field && (e.field === i.name || e.field.startsWith(i.name + '[') || e.field.startsWith(i.name + '.')));
    if (input) {
      input.classList.add('field-error');
      input.setAttribute('aria-invalid', 'true');
    }
  }
  box.appendChild(list);
  return true;
}

$('check').addEventListener('click', async () => {
  const checked = await api.post('/api/v1/training-jobs/dry-run', trainingRequest());
  if (!showErrors(checked.ok ? null : checked.data)) {
    $('train-errors').textContent = 'The spec is valid: ' + checked.data.model.layers.map((l) => l.units + ' ' + l.activation).join(', ');
  }
});

$('train-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const started = await api.post('/api/v1/training-jobs', trainingRequest());
  if (showErrors(started.ok ? null : started.data)) return;
  go('/jobs/' + started.data.id);
  loadRuns();
});

// ---- a job, live -------------------------------------------------------------------------------

let lossChart = null;
let metricChart = null;
let watching = null;
const MAX_POINTS = 2000;

function lineChart(canvas, title) {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [
      { label: 'train ' + title, data: [], borderColor: palette[0], pointRadius: 0, borderWidth: 1.5 },
      { label: 'validation ' + title, data: [], borderColor: palette[4], pointRadius: 0, borderWidth: 1.5 },
    ] },
    options: { animation: false, maintainAspectRatio: false, parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'epoch' } }, y: { title: { display: true, text: title } } } },
  });
}

/** Keeps a curve under MAX_POINTS by dropping every other point when it grows past it. */
function append(series, epoch, value) {
  if (value == null || !Number.isFinite(value)) return;
  const last = series.data[series.data.length - 1];
  if (last && last.x >= epoch) return;
  series.data.push({ x: epoch, y: value });
  if (series.data.length > MAX_POINTS) series.data = series.data.filter((_, i) => i % 2 === 0);
}

/** The job's status line and progress; its latest figures (unwrapped into the job), or a history point's. */
function showProgress(job, figures) {
  const active = job.status === 'QUEUED' || job.status === 'RUNNING';
  // a time left only while there is some, and only once the service can estimate it
  const left = active && job.remainingSeconds != null ? ', about ' + Math.ceil(job.remainingSeconds) + ' s left' : '';
  $('job-status').textContent = job.name + ': ' + job.status.toLowerCase() + ', epoch ' + job.epoch + ' of '
    + job.totalEpochs + left + (job.reason ? ' (' + job.reason + ')' : '');
  $('job-progress').value = job.fractionDone || 0;
  // an ended job has nothing to cancel: no dead control
  $('cancel').hidden = !active;
  const latest = figures || job;
  append(lossChart.data.datasets[0], latest.epoch, latest.trainLoss);
  append(lossChart.data.datasets[1], latest.epoch, latest.validationLoss);
  append(metricChart.data.datasets[0], latest.epoch, latest.trainMetric);
  append(metricChart.data.datasets[1], latest.epoch, latest.validationMetric);
  lossChart.update('none');
  metricChart.update('none');
}

async function watchJob(job) {
  if (watching) watching.abort();
  const controller = new AbortController();
  watching = controller;
  watching.jobId = job.id;
  if (lossChart) lossChart.destroy();
  if (metricChart) metricChart.destroy();
  lossChart = lineChart($('loss-chart'), 'loss');
  metricChart = lineChart($('metric-chart'), 'metric');
  $('cancel').onclick = () => api.post('/api/v1/training-jobs/' + job.id + '/cancel');
  // each step after a wait checks the view is still this job's: another may have replaced it meanwhile
  const current = () => watching === controller;
  await drawHistory(job, current);
  if (!current()) return;
  refreshBoundary(job, controller.signal);
  // Server-Sent Events read through fetch, which can send the key (EventSource cannot)
  const response = await fetch('/api/v1/training-jobs/' + job.id + '/events',
    { headers: api.headers({ Accept: 'text/event-stream' }), signal: controller.signal }).catch(() => null);
  if (!response || !response.ok) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true }));
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
      if (data && current()) {
        job = JSON.parse(data);
        showProgress(job);
      }
    }
  }
  if (!current()) return;
  // the stream sends at most a few events a second: the stored history fills in the epochs between
  const final = await api.get('/api/v1/training-jobs/' + job.id);
  if (final.ok && current()) await drawHistory(final.data, current);
  // the stream ended (the job did, or the connection): opening the job again watches it afresh
  controller.ended = true;
  if (current()) await Promise.all([loadModels(), loadRuns()]);
}

/** Redraws the curves from the job's stored history (thinned by the service), then its latest figures. */
async function drawHistory(job, current) {
  const history = await api.get('/api/v1/training-jobs/' + job.id + '/history');
  if (!current()) return;
  for (const chart of [lossChart, metricChart]) {
    for (const series of chart.data.datasets) series.data = [];
  }
  if (history.ok) {
    for (const p of history.data.points) showProgress(job, p);
  }
  showProgress(job);
}

/**
 * For two-feature data, the network's decision boundary under the data's points: redrawn every few
 * seconds from the running job's latest snapshot, then from its model once it has one.
 */
async function refreshBoundary(job, signal) {
  const dataset = (await api.get('/api/v1/datasets/' + job.datasetId)).data;
  // the boundary is drawn over two number columns; any other job hides the last one's
  $('boundary-figure').hidden = true;
  if (!dataset || dataset.features.length !== 2 || dataset.features.some((f) => f.kind === 'CATEGORY')) return;
  const [x, y] = dataset.features.map((f) => encodeURIComponent(f.name));
  const path = '/api/v1/training-jobs/' + job.id + '/charts/decision-boundary?x=' + x + '&y=' + y;
  while (!signal.aborted) {
    const current = (await api.get('/api/v1/training-jobs/' + job.id)).data;
    if (!current) return;
    const url = await api.image(path);
    if (url && !signal.aborted) {
      $('boundary').src = url;
      $('boundary-caption').textContent = current.status === 'SUCCEEDED' ? 'Decision boundary of the trained model'
        : 'Decision boundary while training (epoch ' + current.epoch + ')';
      $('boundary-figure').hidden = false;
    }
    if (!['QUEUED', 'RUNNING'].includes(current.status)) return;
    await new Promise((resolve) => setTimeout(resolve, 2500));
  }
}

// ---- runs ---------------------------------------------------------------------------------------

let runs = [];
const runOrder = { column: null, descending: false };
const selectedRuns = new Set();
let compareChart = null;

const network = (plan) => (plan ? plan.model.layers.slice(0, -1)
  .map((l) => l.units + ' ' + l.activation.toLowerCase()).join(', ') || 'no hidden layer' : null);
const optimizer = (plan) => (plan ? plan.training.optimizer.type.toLowerCase() + ', rate '
  + plan.training.schedule.initialRate : null);
const fixed = (digits) => (v) => (v == null ? '' : Number(v).toFixed(digits));

/** The runs table's columns: header, the value it sorts by, and how it is shown. */
const RUN_COLUMNS = [
  ['Name', (j) => j.name],
  ['Status', (j) => j.status.toLowerCase()],
  ['Dataset', (j) => datasetNames.get(j.datasetId) || j.datasetId],
  ['Network', (j) => network(j.plan)],
  ['Optimizer', (j) => optimizer(j.plan)],
  ['Epochs', (j) => j.epoch],
  ['Best loss', (j) => j.bestLoss, fixed(4)],
  // a validation figure only where there was a validation split
  ['Validation metric', (j) => j.validationMetric, fixed(3)],
  ['Duration (s)', (j) => j.elapsedSeconds, fixed(1)],
  ['Created by', (j) => j.createdBy],
];

let runsSeen = '';

async function loadRuns() {
  const page = await api.get('/api/v1/training-jobs?size=200');
  if (!page.ok) return;
  // the same answer again changes nothing on the page: no rows rebuilt under the user's pointer
  const seen = JSON.stringify(page.data.content);
  if (seen === runsSeen) return;
  runsSeen = seen;
  runs = page.data.content;
  renderRuns();
}

/** Ascending or descending, with the runs that lack the value last either way. */
function compareValues(a, b, descending) {
  if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return descending ? -order : order;
}

/** The runs table's header: a button per column that sorts by it, ascending then descending. */
(function runsHeader() {
  const head = $('runs-table').querySelector('thead tr');
  const select = document.createElement('th');
  select.scope = 'col';
  select.appendChild(document.createElement('span')).className = 'visually-hidden';
  select.firstChild.textContent = 'Select';
  head.appendChild(select);
  RUN_COLUMNS.forEach(([title], index) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.appendChild(button(title, () => {
      runOrder.descending = runOrder.column === index && !runOrder.descending;
      runOrder.column = index;
      renderRuns();
    }));
    head.appendChild(th);
  });
}());

function renderRuns() {
  $('runs-table').querySelectorAll('thead th').forEach((th, i) => {
    if (i > 0 && runOrder.column === i - 1) th.setAttribute('aria-sort', runOrder.descending ? 'descending' : 'ascending');
    else th.removeAttribute('aria-sort');
  });
  const status = $('runs-status').value;
  const wanted = $('runs-text').value.trim().toLowerCase();
  let shown = runs.filter((j) => (!status || j.status === status) && (!wanted
    || [j.name, datasetNames.get(j.datasetId), network(j.plan)].some((v) => v && v.toLowerCase().includes(wanted))));
  if (runOrder.column != null) {
    const value = RUN_COLUMNS[runOrder.column][1];
    shown = shown.slice().sort((a, b) => compareValues(value(a), value(b), runOrder.descending));
  }
  const body = $('runs-table').querySelector('tbody');
  body.replaceChildren();
  for (const j of shown) {
    const row = document.createElement('tr');
    row.dataset.job = j.id;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = selectedRuns.has(j.id);
    box.setAttribute('aria-label', 'Select run ' + j.name + ' of ' + j.createdAt);
    box.addEventListener('change', () => {
      if (box.checked) selectedRuns.add(j.id); else selectedRuns.delete(j.id);
      $('compare').disabled = selectedRuns.size < 2;
    });
    row.appendChild(document.createElement('td')).appendChild(box);
    RUN_COLUMNS.forEach(([, value, format], index) => {
      if (index === 0) {
        row.appendChild(document.createElement('td')).appendChild(button(j.name, () => go('/jobs/' + j.id), 'Open run ' + j.name));
      } else {
        cell(row, format ? format(value(j)) : value(j));
      }
    });
    body.appendChild(row);
  }
  $('compare').disabled = selectedRuns.size < 2;
}

$('runs-status').addEventListener('change', renderRuns);
$('runs-filter').addEventListener('submit', (event) => event.preventDefault());
$('runs-text').addEventListener('input', renderRuns);

/** A plan's settings as dotted paths and values: what the comparison lines up. */
function flatten(value, path, into) {
  if (value != null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, path ? path + '.' + key : key, into);
  } else if (Array.isArray(value) && value.every((v) => v && v.units != null && v.activation)) {
    // layers as people write them: units and activation, a dropout where there is one
    into.set(path, value.map((l) => l.units + ' ' + l.activation.toLowerCase() + (l.dropout ? ' dropout ' + l.dropout : ''))
      .join(', '));
  } else {
    into.set(path, Array.isArray(value) ? JSON.stringify(value) : String(value));
  }
  return into;
}

function headRow(table, first, chosen) {
  const head = $(table).querySelector('thead tr');
  head.replaceChildren();
  for (const title of [first].concat(chosen.map((j) => j.name + ' (' + j.id.slice(0, 8) + ')'))) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = title;
    head.appendChild(th);
  }
}

$('compare').addEventListener('click', async () => {
  const chosen = runs.filter((j) => selectedRuns.has(j.id));
  // a job queued before plans were stored has none: its column says so, and differences are among the others
  const settings = chosen.map((j) => (j.plan ? flatten(j.plan, '', new Map()) : null));
  const paths = [...new Set(settings.filter((m) => m != null).flatMap((m) => [...m.keys()]))].sort();
  headRow('compare-settings', 'Setting', chosen);
  const body = $('compare-settings').querySelector('tbody');
  body.replaceChildren();
  for (const path of paths) {
    const values = settings.map((m) => (m == null ? 'no plan stored' : m.has(path) ? m.get(path) : ''));
    const row = document.createElement('tr');
    const differs = new Set(values.filter((v, k) => settings[k] != null)).size > 1;
    if (differs) row.classList.add('differs');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = path + (differs ? ' (differs)' : '');
    row.appendChild(th);
    for (const v of values) cell(row, v);
    body.appendChild(row);
  }
  headRow('compare-figures', 'Figure', chosen);
  const figures = $('compare-figures').querySelector('tbody');
  figures.replaceChildren();
  for (const [title, value] of [['status', (j) => j.status.toLowerCase()], ['epoch', (j) => j.epoch],
    ['train loss', (j) => j.trainLoss], ['validation loss', (j) => j.validationLoss],
    ['train metric', (j) => j.trainMetric], ['validation metric', (j) => j.validationMetric],
    ['best epoch', (j) => j.bestEpoch], ['best loss', (j) => j.bestLoss], ['duration (s)', (j) => j.elapsedSeconds]]) {
    const row = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = title;
    row.appendChild(th);
    for (const j of chosen) {
      const v = value(j);
      cell(row, typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : v);
    }
    figures.appendChild(row);
  }
  // the curves overlaid: a colour per run, validation dashed
  const datasets = [];
  const histories = await Promise.all(chosen.map((j) => api.get('/api/v1/training-jobs/' + j.id + '/history')));
  chosen.forEach((j, k) => {
    const points = histories[k].ok ? histories[k].data.points : [];
    const colour = palette[k % palette.length];
    for (const [which, dash] of [['trainLoss', []], ['validationLoss', [6, 4]]]) {
      const data = points.filter((p) => p[which] != null).map((p) => ({ x: p.epoch, y: p[which] }));
      if (data.length) {
        datasets.push({ label: j.name + ' ' + (which === 'trainLoss' ? 'train' : 'validation') + ' loss', data,
          borderColor: colour, borderDash: dash, pointRadius: 0, borderWidth: 1.5 });
      }
    }
  });
  if (compareChart) compareChart.destroy();
  $('comparison').hidden = false;
  compareChart = new Chart($('compare-chart'), {
    type: 'line',
    data: { datasets },
    options: { animation: false, maintainAspectRatio: false, parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'epoch' } }, y: { title: { display: true, text: 'loss' } } } },
  });
  $('comparison').scrollIntoView();
});

// ---- models ------------------------------------------------------------------------------------

async function loadModels() {
  const page = await api.get('/api/v1/models?size=200');
  if (!page.ok) return;
  const body = $('model-table').querySelector('tbody');
  body.replaceChildren();
  for (const m of page.data.content) {
    const row = document.createElement('tr');
    cell(row, m.name);
    cell(row, m.version);
    cell(row, m.task);
    const split = m.validationMetrics || m.trainMetrics;
    const figure = split ? (split.accuracy != null ? split.accuracy : split.r2) : null;
    cell(row, figure == null ? '' : figure.toFixed(3));
    row.appendChild(document.createElement('td'))
      .appendChild(button('Open', () => go('/models/' + m.id), 'Open ' + m.name + ' version ' + m.version));
    body.appendChild(row);
  }
}

async function showModel(m) {
  const id = m.id;
  $('model-detail').hidden = false;
  $('model-name').textContent = m.name + ' v' + m.version + ' (' + m.task.toLowerCase() + ')';
  const split = m.validationMetrics || m.trainMetrics;
  const classes = $('class-table').querySelector('tbody');
  classes.replaceChildren();
  if (split && split.precision) {
    m.labels.forEach((label, k) => {
      const row = document.createElement('tr');
      cell(row, label);
      // null where undefined: a class never predicted has no precision
      for (const figure of [split.precision[k], split.recall[k], split.f1[k]]) {
        cell(row, figure == null ? 'n/a' : figure.toFixed(3));
      }
      classes.appendChild(row);
    });
  }
  $('confusion').hidden = !(m.charts && m.charts.confusionMatrix && split);
  if (!$('confusion').hidden) $('confusion').src = await api.image(m.charts.confusionMatrix + '?width=420&height=360');
  const form = $('predict-form');
  form.replaceChildren();
  // one field per raw column: a choice of the levels for a category, a number otherwise; empty is missing
  const columns = m.columns || m.featureNames.map((name) => ({ name, kind: 'NUMBER', fill: null }));
  columns.forEach((column, i) => {
    const label = document.createElement('label');
    label.htmlFor = 'predict-' + i;
    label.textContent = column.name;
    let input;
    if (column.kind === 'CATEGORY') {
      input = document.createElement('select');
      for (const level of [''].concat(column.levels)) {
        const option = document.createElement('option');
        option.value = level;
        option.textContent = level === '' ? '(missing)' : level;
        input.appendChild(option);
      }
      input.value = column.levels[0];
    } else {
      input = document.createElement('input');
      input.type = 'number';
      input.step = 'any';
      input.value = column.fill != null ? Number(column.fill).toPrecision(4) : '0';
      input.placeholder = column.fill != null ? 'missing' : '';
    }
    input.id = 'predict-' + i;
    form.append(label, input);
  });
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.textContent = 'Predict';
  form.appendChild(submit);
  form.onsubmit = async (event) => {
    event.preventDefault();
    const row = {};
    columns.forEach((column, i) => {
      const value = $('predict-' + i).value;
      row[column.name] = value === '' ? null : column.kind === 'CATEGORY' ? value : Number(value);
    });
    const answer = await api.post('/api/v1/models/' + id + '/predict', { instances: [row] });
    const p = answer.ok ? answer.data.predictions[0] : null;
    const filled = p && p.imputed ? ' (filled in: ' + p.imputed.join(', ') + ')' : '';
    $('prediction').textContent = !answer.ok ? (answer.data ? answer.data.detail : 'refused')
      : (p.label != null ? 'Predicted class: ' + p.label + ' (p = ' + p.probabilities[p.label].toFixed(3) + ')'
        : 'Predicted: ' + Object.entries(p.values).map(([k, v]) => k + ' = ' + v.toFixed(4)).join(', ')) + filled;
  };
}

// ---- addresses ---------------------------------------------------------------------------------
// Every view has an address: #/datasets/{id}, #/jobs/{id}, #/models/{id}, and #/datasets, #/train,
// #/jobs, #/models for the sections; a reload, a bookmark or a link shows the same view, and the
// browser's back button goes to the one before.

const SECTIONS = { datasets: 'datasets', train: 'train', jobs: 'runs', models: 'models' };

function go(path) {
  if (location.hash === '#' + path) {
    route();
  } else {
    location.hash = '#' + path;
  }
}

async function route() {
  const match = /^#\/(datasets|train|jobs|models)(?:\/([0-9a-f-]{36}))?$/.exec(location.hash);
  if (!match || !api.key) return;
  const [, section, id] = match;
  const hash = location.hash;
  const problem = (found) => (found.data && found.data.detail) || 'the service answered ' + found.status;
  if (id && section === 'datasets') {
    const found = await api.get('/api/v1/datasets/' + id);
    if (hash !== location.hash) return;
    if (found.ok) {
      await showDataset(found.data);
    } else {
      $('dataset-detail').hidden = true;
      $('upload-status').textContent = problem(found);
    }
  } else if (id && section === 'jobs') {
    if (!watching || watching.jobId !== id || watching.ended) {
      const found = await api.get('/api/v1/training-jobs/' + id);
      if (hash !== location.hash) return;
      if (found.ok) {
        watchJob(found.data);
      } else {
        if (watching) watching.abort();
        watching = null;
        $('job-status').textContent = problem(found);
        $('cancel').hidden = true;
      }
    }
  } else if (id && section === 'models') {
    const found = await api.get('/api/v1/models/' + id);
    if (hash !== location.hash) return;
    if (found.ok) {
      await showModel(found.data);
    } else {
      $('model-detail').hidden = true;
      $('prediction').textContent = problem(found);
    }
  } else if (section === 'jobs') {
    await loadRuns();
  }
  if (hash === location.hash) $(id && section === 'jobs' ? 'job' : SECTIONS[section]).scrollIntoView();
}

window.addEventListener('hashchange', route);

if (api.key) {
  $('api-key').value = api.key;
  useKey(api.key);
}
