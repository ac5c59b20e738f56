/**
 * The dashboard page: one card per run with its status, four live charts (uPlot), the newest sample grid,
 * its eval table and settings. It polls the server every POLL_MS for new metrics lines only. The script
 * is plain browser JavaScript (no build step); each card's `data-points` counts the steps it has drawn.
 */
const POLL_MS = 1500;

const STYLE = `
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
  header { padding: 12px 20px; background: #1d2330; color: #fff; display: flex; gap: 16px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; }
  header span { opacity: 0.7; }
  main { padding: 16px 20px; display: grid; gap: 16px; }
  .run { background: #fff; border-radius: 8px; padding: 14px 16px; box-shadow: 0 1px 3px rgba(0,0,0,0.12); }
  .run h2 { font-size: 16px; margin: 0 0 4px; }
  .status { color: #4a5263; margin-bottom: 10px; }
  .badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; margin-right: 8px; color: #fff; }
  .badge.training { background: #2b8a3e; } .badge.finished { background: #1c7ed6; }
  .badge.stopped { background: #868e96; } .badge.empty { background: #adb5bd; }
  .body { display: grid; grid-template-columns: minmax(0, 1fr) 344px; gap: 16px; }
  .charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .grid-image { text-align: center; }
  .grid-image img { image-rendering: pixelated; width: 336px; border-radius: 4px; background: #282828; }
  .grid-image img:not([src]) { display: none; }
  table { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
  td, th { padding: 2px 10px 2px 0; text-align: left; }
  details { margin-top: 8px; }
  .empty-note { color: #868e96; }
`;

const SCRIPT = `
(function () {
  var POLL_MS = ${POLL_MS};
  var runs = [];
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }
  function format(value) {
    if (value === null || value === undefined) return '–';
    if (typeof value !== 'number') return String(value);
    return Math.abs(value) >= 1000 || value === Math.round(value) ? String(Math.round(value * 100) / 100) : value.toPrecision(4);
  }
  function duration(seconds) {
    if (!isFinite(seconds)) return '?';
    var minutes = Math.floor(seconds / 60);
    return minutes >= 60 ? Math.floor(minutes / 60) + 'h' + String(minutes % 60).padStart(2, '0') + 'm'
      : minutes + 'm' + String(Math.round(seconds % 60)).padStart(2, '0') + 's';
  }
  function makeChart(container, title, series, logScale) {
    var width = Math.max(260, Math.floor(container.clientWidth / 2) - 12);
    var options = {
      title: title, width: width, height: 180,
      scales: { x: { time: false }, y: logScale ? { distr: 3 } : {} },
      axes: [{ label: 'step' }, { size: 70, values: function (u, values) { return values.map(function (v) { return v === null ? '' : String(Number(v.toPrecision(3))); }); } }],
      series: [{ label: 'step' }].concat(series),
      legend: { show: series.length > 1 },
    };
    var data = [[]].concat(series.map(function () { return []; }));
    return { plot: new uPlot(options, data, container), data: data, logScale: logScale };
  }
  function positive(value) { return value !== null && value > 0 ? value : null; }
  function createCard(index, snapshot) {
    var card = el('section', { 'class': 'run', 'data-run': String(index), 'data-points': '0' });
    var status = el('div', { 'class': 'status' });
    var charts = el('div', { 'class': 'charts' });
    var image = el('img', { alt: 'newest sample grid' });
    var caption = el('div', { 'class': 'empty-note' }, ['no sample grid yet']);
    var evaluations = el('div');
    var settings = el('details', {}, [el('summary', {}, ['settings'])]);
    card.appendChild(el('h2', {}, [snapshot.name + (snapshot.recipe ? ' · ' + snapshot.recipe : '')]));
    card.appendChild(status);
    card.appendChild(el('div', { 'class': 'body' }, [charts, el('div', { 'class': 'grid-image' }, [image, caption])]));
    card.appendChild(evaluations);
    card.appendChild(settings);
    document.querySelector('main').appendChild(card);
    var run = {
      index: index, card: card, status: status, image: image, caption: caption, evaluations: evaluations,
      settings: settings, count: 0, gridVersion: null, settingsShown: false, evalCount: -1,
      charts: {
        loss: makeChart(charts, 'loss', [
          { label: 'raw', stroke: '#a5c8ed', width: 1 },
          { label: 'smoothed', stroke: '#1f77b4', width: 2 },
        ], true),
        learningRate: makeChart(charts, 'learning rate', [{ label: 'lr', stroke: '#d62728', width: 2 }], false),
        gradientNorm: makeChart(charts, 'gradient norm', [{ label: 'norm', stroke: '#9467bd', width: 1 }], true),
        imagesPerSecond: makeChart(charts, 'images/s', [{ label: 'images/s', stroke: '#2ca02c', width: 1 }], false),
      },
    };
    runs.push(run);
    return run;
  }
  function showSnapshot(run, snapshot) {
    var parts = ['step ' + snapshot.step + (snapshot.steps ? '/' + snapshot.steps : '')];
    if (snapshot.imagesPerSecond) parts.push(format(snapshot.imagesPerSecond) + ' images/s');
    if (snapshot.status === 'training' && snapshot.steps && snapshot.imagesPerSecond && snapshot.settings) {
      var left = (snapshot.steps - snapshot.step) * snapshot.settings.batchSize / snapshot.imagesPerSecond;
      parts.push('ETA ' + duration(left));
    }
    run.status.textContent = '';
    run.status.appendChild(el('span', { 'class': 'badge ' + snapshot.status }, [snapshot.status]));
    run.status.appendChild(document.createTextNode(parts.join(' · ') + ' · ' + snapshot.path));
    var grid = snapshot.latestGrid;
    if (grid && grid.version !== run.gridVersion) {
      run.gridVersion = grid.version;
      run.image.src = 'api/runs/' + run.index + '/files/' + grid.file + '?v=' + grid.version;
      run.caption.textContent = 'samples at step ' + grid.step;
    }
    if (snapshot.settings && !run.settingsShown) {
      run.settingsShown = true;
      var rows = Object.keys(snapshot.settings).map(function (key) {
        var value = snapshot.settings[key];
        return el('tr', {}, [el('td', {}, [key]), el('td', {}, [typeof value === 'object' ? JSON.stringify(value) : format(value)])]);
      });
      run.settings.appendChild(el('table', {}, rows));
    }
    if (snapshot.evaluations.length !== run.evalCount) {
      run.evalCount = snapshot.evaluations.length;
      run.evaluations.textContent = '';
      if (snapshot.evaluations.length > 0) {
        var columns = ['checkpoint_step', 'samples', 'steps', 'cfg', 'sampler', 'fid', 'fid_floor', 'accuracy'];
        var head = el('tr', {}, columns.map(function (name) { return el('th', {}, [name]); }));
        var body = snapshot.evaluations.map(function (record) {
          return el('tr', {}, columns.map(function (name) { return el('td', {}, [format(record[name])]); }));
        });
        run.evaluations.appendChild(el('table', {}, [head].concat(body)));
      }
    }
  }
  function append(chart, steps, columns) {
    chart.data[0].push.apply(chart.data[0], steps);
    columns.forEach(function (column, index) {
      var values = chart.logScale ? column.map(positive) : column;
      chart.data[index + 1].push.apply(chart.data[index + 1], values);
    });
    chart.plot.setData(chart.data);
  }
  function showCurves(run, curves) {
    if (curves.step.length === 0) return;
    var charts = run.charts;
    append(charts.loss, curves.step, [curves.loss, curves.lossSmoothed]);
    append(charts.learningRate, curves.step, [curves.learningRate]);
    append(charts.gradientNorm, curves.step, [curves.gradientNorm]);
    append(charts.imagesPerSecond, curves.step, [curves.imagesPerSecond]);
    run.count += curves.step.length;
    run.card.setAttribute('data-points', String(run.count));
  }
  function getJson(url) {
    return fetch(url, { cache: 'no-store' }).then(function (response) {
      if (!response.ok) throw new Error(url + ': ' + response.status);
      return response.json();
    });
  }
  function poll() {
    return getJson('api/runs').then(function (snapshots) {
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      return Promise.all(snapshots.map(function (snapshot, index) {
        var run = runs[index] || createCard(index, snapshot);
        showSnapshot(run, snapshot);
        if (snapshot.step < run.count) {
          // A run started over (--force) or resumed from an earlier checkpoint: redraw from the start.
          run.count = 0;
          Object.keys(run.charts).forEach(function (name) {
            var chart = run.charts[name];
            chart.data.forEach(function (column) { column.length = 0; });
          });
        }
        return getJson('api/runs/' + index + '/curves?from=' + run.count).then(function (curves) { showCurves(run, curves); });
      }));
    });
  }
  function loop() {
    poll().catch(function (error) { document.getElementById('updated').textContent = 'cannot reach the server: ' + error.message; })
      .then(function () { setTimeout(loop, POLL_MS); });
  }
  loop();
})();
`;

export const DASHBOARD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>latentlab dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="uplot.css">
<style>${STYLE}</style>
</head>
<body>
<header><h1>latentlab dashboard</h1><span id="updated">connecting…</span></header>
<main></main>
<script src="uplot.js"></script>
<script>${SCRIPT}</script>
</body>
</html>
`;
