// "Make live" (book/_ext/live_cells.py): nothing loads until the reader clicks.
(function () {
  var live = window.KT_LIVE;
  var started = false;
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

  function say(text, failed) {
    document.querySelectorAll('.kt-live-status').forEach(function (line) {
      line.textContent = text;
      line.classList.toggle('kt-live-failed', !!failed);
    });
  }

  function addButtons() {
    document.querySelectorAll('.kt-static-note').forEach(function (note) {
      if (note.querySelector('.kt-live-button')) { return; }
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'kt-live-button';
      button.textContent = 'Make live';
      button.addEventListener('click', start);
      var status = document.createElement('span');
      status.className = 'kt-live-status';
      status.setAttribute('role', 'status');
      note.appendChild(document.createTextNode(' '));
      note.appendChild(button);
      note.appendChild(status);
    });
  }

  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error('could not load ' + src)); };
      document.head.appendChild(script);
    });
  }

  // One hidden source and one output per code cell, in the cells' order; a widget
  // cell's output sits just before its static snapshot.
  function placeCells(cells) {
    var shown = Array.prototype.slice.call(document.querySelectorAll('main div.cell'));
    var next = 0;
    var widgetOutputs = [];
    cells.forEach(function (cell) {
      var anchor = shown[next] || null;
      var box = document.createElement('div');
      box.className = 'kt-live-cell';
      var source = document.createElement('pre');
      source.className = 'kt-live-source';
      source.textContent = cell.source;
      var output = document.createElement('div');
      output.className = 'kt-live-output';
      box.appendChild(source);
      box.appendChild(output);
      var snapshot = null;
      if (cell.shown && anchor) {
        snapshot = anchor.querySelector(VIEW) ? anchor.querySelector('.cell_output') : null;
        next += 1;
      }
      if (snapshot) {
        output.classList.add('kt-live-widget');
        widgetOutputs.push([output, snapshot]);
      }
      var parent = anchor ? anchor.parentNode : document.querySelector('main');
      parent.insertBefore(box, anchor);
    });
    return widgetOutputs;
  }

  function start() {
    if (started) { return; }
    started = true;
    document.documentElement.setAttribute('data-kt-live', 'loading');
    var settings = Object.assign({}, live.settings, window.ktLiveServer || {});
    var began = performance.now();
    var phase = 'Loading the runtime';
    function seconds() { return ((performance.now() - began) / 1000).toFixed(0) + ' s'; }
    var timer = setInterval(function () { say(phase + '… ' + seconds()); }, 500);
    say(phase + '…');
    window.KT_REQUIREJS_URL = live.require;
    var widgets = [];
    var cells = fetch(live.cells).then(function (response) {
      if (!response.ok) { throw new Error('could not load the page’s cells'); }
      return response.json();
    });
    load(live.require).then(function () { return load(live.thebe); }).then(function () {
      return cells;
    }).then(function (pageCells) {
      phase = settings.server_url ? 'Connecting to the Jupyter server'
        : 'Starting a server on mybinder.org (the first start can take minutes)';
      widgets = placeCells(pageCells);
      var options = {
        requestKernel: true, mountStatusWidget: false, mountActivateWidget: false,
        mountRunButton: false, mountRunAllButton: false, mountRestartButton: false,
        mountRestartAllButton: false, predefinedOutput: true,
        selector: '.kt-live-source', outputSelector: '.kt-live-output',
        kernelOptions: {name: 'python3'}, mathjaxUrl: ''
      };
      if (settings.server_url) {
        options.useBinder = false;
        options.serverSettings = {baseUrl: settings.server_url, token: settings.token,
          appendToken: true};
      } else {
        options.useBinder = true;
        options.binderOptions = {repo: settings.binder_repo, ref: settings.binder_ref,
          binderUrl: settings.binder_url, repoProvider: 'github'};
      }
      return window.thebe.bootstrap(options);
    }).then(function (result) {
      if (!result || !result.session) { throw new Error('no kernel could be started'); }
      phase = 'Running the page’s code';
      // run the cells only once the kernel has answered its first request: cells sent
      // while the connection is still being set up can be lost, and the page then waits
      var kernel = result.session.kernel;
      var ready = kernel && kernel.info ? kernel.info : Promise.resolve();
      return ready.then(function () { return result.notebook.executeAll(true); });
    }).then(function () {
      clearInterval(timer);
      widgets.forEach(function (pair) { pair[1].style.display = 'none'; });
      say('Live after ' + seconds() + ': the widgets compute on '
        + (settings.server_url ? 'your Jupyter server.' : 'mybinder.org.'));
      document.documentElement.setAttribute('data-kt-live', 'ready');
    }).catch(function (error) {
      clearInterval(timer);
      say('The page could not be made live (' + (error && error.message || error)
        + '). The launch buttons at the top of the page open it in JupyterLab instead.', true);
      document.documentElement.setAttribute('data-kt-live', 'failed');
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', addButtons);
  } else {
    addButtons();
  }
})();
