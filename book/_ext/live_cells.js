// "Make live" (book/_ext/live_cells.py): nothing loads until the reader clicks.
// Two ways: "browser" runs the widget cells in this page with Pyodide (thebe + thebe-lite,
// no server); "server" runs all the page's cells on a Jupyter server (a course server or
// JupyterHub, or mybinder.org) through thebe.
(function () {
  var live = window.KT_LIVE;
  var started = false;
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  // Loaded before the kernel starts, so that it installs nothing (see update.py).
  var PRELOADED = ['micropip', 'piplite', 'ipykernel', 'comm', 'pyodide_kernel', 'ipython',
    'ipywidgets', 'korea-talks'];

  function serverSettings() {
    return Object.assign({}, live.settings, window.ktLiveServer || {});
  }

  function ways() {
    // a test (or a reader's console) may name a server: the server way is then offered
    if (window.ktLiveServer) { return ['server']; }
    return live.settings.ways;
  }

  function label(way) {
    if (way === 'browser') { return 'Make live in this browser'; }
    return serverSettings().server_url ? 'Make live on the course server'
      : 'Make live on mybinder.org';
  }

  function say(text, failed) {
    document.querySelectorAll('.kt-live-status').forEach(function (line) {
      line.textContent = text;
      line.classList.toggle('kt-live-failed', !!failed);
    });
  }

  function addButtons() {
    document.querySelectorAll('.kt-static-note').forEach(function (note) {
      if (note.querySelector('.kt-live-button')) { return; }
      ways().forEach(function (way) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'kt-live-button';
        button.setAttribute('data-kt-way', way);
        button.textContent = label(way);
        button.addEventListener('click', function () { start(way); });
        note.appendChild(document.createTextNode(' '));
        note.appendChild(button);
      });
      var status = document.createElement('span');
      status.className = 'kt-live-status';
      status.setAttribute('role', 'status');
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
  // cell's output sits just before its static snapshot. With onlyWidgets, only the cells
  // that show a widget are placed (and run).
  function placeCells(cells, onlyWidgets) {
    var shown = Array.prototype.slice.call(document.querySelectorAll('main div.cell'));
    var next = 0;
    var placed = [];
    cells.forEach(function (cell) {
      var anchor = shown[next] || null;
      var snapshot = null;
      if (cell.shown && anchor) {
        snapshot = anchor.querySelector(VIEW) ? anchor.querySelector('.cell_output') : null;
        next += 1;
      }
      if (onlyWidgets && !snapshot) { return; }
      var box = document.createElement('div');
      box.className = 'kt-live-cell';
      var source = document.createElement('pre');
      source.className = 'kt-live-source';
      source.textContent = cell.source;
      var output = document.createElement('div');
      output.className = 'kt-live-output';
      if (snapshot) { output.classList.add('kt-live-widget'); }
      box.appendChild(source);
      box.appendChild(output);
      var parent = anchor ? anchor.parentNode : document.querySelector('main');
      parent.insertBefore(box, anchor);
      placed.push({box: box, output: output, snapshot: snapshot});
    });
    return placed;
  }

  var THEBE_OPTIONS = {
    requestKernel: true, mountStatusWidget: false, mountActivateWidget: false,
    mountRunButton: false, mountRunAllButton: false, mountRestartButton: false,
    mountRestartAllButton: false, predefinedOutput: true,
    selector: '.kt-live-source', outputSelector: '.kt-live-output', mathjaxUrl: ''
  };

  // The in-browser way: JupyterLite's server and Pyodide kernel, from this site only.
  function liteOptions() {
    var pyodideUrl = new URL(live.pyodide, document.baseURI).href;
    var settings = {};
    settings['@jupyterlite/pyodide-kernel-extension:kernel'] = {
      pyodideUrl: pyodideUrl, pipliteUrls: [], disablePyPIFallback: true,
      loadPyodideOptions: {packages: PRELOADED}
    };
    var start = window.thebeLite.startJupyterLiteServer;
    // thebe calls this without arguments; give it the site's settings
    window.thebeLite.startJupyterLiteServer = function () {
      return start({litePluginSettings: settings, enableMemoryStorage: true,
        settingsStorageDrivers: ['memoryStorageDriver']});
    };
    return Object.assign({}, THEBE_OPTIONS, {useBinder: false, useJupyterLite: true,
      kernelOptions: {name: 'python'}});
  }

  function serverOptions(settings) {
    var options = Object.assign({}, THEBE_OPTIONS, {kernelOptions: {name: 'python3'}});
    if (settings.server_url) {
      options.useBinder = false;
      options.serverSettings = {baseUrl: settings.server_url, token: settings.token,
        appendToken: true};
    } else {
      options.useBinder = true;
      options.binderOptions = {repo: settings.binder_repo, ref: settings.binder_ref,
        binderUrl: settings.binder_url, repoProvider: 'github'};
    }
    return options;
  }

  // Why a widget's cell failed, in words for a reader: what it needs that Python `where`
  // lacks (a missing module), or the error's message; it follows "the widget ...".
  function failure(result, where) {
    var error = result && result.error && result.error[0];
    if (!error) { return 'did not run'; }
    var missing = /No module named '([^'.]+)/.exec(error.evalue || '');
    if (missing) { return 'needs ' + missing[1] + ', which Python ' + where + ' does not have'; }
    return 'stopped with an error (' + (error.evalue || error.ename) + ')';
  }

  var WAY_OUT = ' The launch buttons at the top of the page open it in JupyterLab, where it runs.';

  // JupyterLite registers a service worker (service-worker.js at the site's root) to sync
  // files between its contents and the kernel; the widgets use neither and the site has no
  // such file. Decline that one registration here instead of asking the site for it.
  function declineLiteServiceWorker() {
    var container = navigator.serviceWorker;
    if (!container || container.ktDeclines) { return; }
    var register = container.register.bind(container);
    container.ktDeclines = true;
    container.register = function (url, options) {
      if (/\/service-worker\.js$/.test(new URL(String(url), document.baseURI).pathname)) {
        return Promise.reject(new Error('the book runs Python without a service worker'));
      }
      return register(url, options);
    };
  }

  // A page runs one way per visit (each loads its own runtime into the page): once a way
  // has started, every button says so instead of doing nothing when clicked.
  function disableButtons(way) {
    document.querySelectorAll('.kt-live-button').forEach(function (button) {
      button.disabled = true;
      if (button.getAttribute('data-kt-way') !== way) {
        button.title = 'Reload the page to use this way instead';
      }
    });
  }

  function otherWays(way) {
    var others = ways().filter(function (w) { return w !== way; });
    if (!others.length) { return ''; }
    return ' To try ' + others.map(function (w) { return '“' + label(w) + '”'; }).join(' or ')
      + ', reload the page.';
  }

  function start(way) {
    if (started) { return; }
    started = true;
    disableButtons(way);
    document.documentElement.setAttribute('data-kt-live', 'loading');
    document.documentElement.setAttribute('data-kt-live-way', way);
    var settings = serverSettings();
    var browser = way === 'browser';
    var where = browser ? 'in this browser'
      : settings.server_url ? 'on your Jupyter server' : 'on mybinder.org';
    var began = performance.now();
    var phase = browser ? 'Loading Python for this browser (about 17 MB, once)'
      : 'Loading the runtime';
    function seconds() { return ((performance.now() - began) / 1000).toFixed(0) + ' s'; }
    var timer = setInterval(function () { say(phase + '… ' + seconds()); }, 500);
    say(phase + '…');
    window.KT_REQUIREJS_URL = live.require;
    var placed = [];
    var cells = fetch(live.cells).then(function (response) {
      if (!response.ok) { throw new Error('could not load the page’s cells'); }
      return response.json();
    });
    // thebe-lite first: it must not see require.js's define() (it is not an AMD module)
    if (browser) { declineLiteServiceWorker(); }
    var runtime = browser ? load(live.lite) : Promise.resolve();
    runtime.then(function () { return load(live.require); }).then(function () {
      return load(live.thebe);
    }).then(function () {
      return cells;
    }).then(function (pageCells) {
      placed = placeCells(pageCells, browser);
      if (browser) {
        phase = 'Starting Python in this browser (the first start takes a while)';
        return window.thebe.bootstrap(liteOptions());
      }
      phase = settings.server_url ? 'Connecting to the Jupyter server'
        : 'Starting a server on mybinder.org (the first start can take minutes)';
      return window.thebe.bootstrap(serverOptions(settings));
    }).then(function (result) {
      if (!result || !result.session) { throw new Error('no kernel could be started'); }
      phase = 'Running the page’s code';
      if (!browser) {
        // run the cells only once the kernel has answered its first request
        var kernel = result.session.kernel;
        var ready = kernel && kernel.info ? kernel.info : Promise.resolve();
        return ready.then(function () { return result.notebook.executeAll(true); });
      }
      // a server's cells depend on each other: stop at the first error; in the browser
      // each widget cell stands alone, so one that cannot run there leaves the others
      return result.notebook.executeAll(!browser);
    }).then(function (results) {
      clearInterval(timer);
      var failed = [];
      placed.forEach(function (cell, k) {
        var result = results[k];
        var ok = result && !result.error;
        if (cell.snapshot && ok) { cell.snapshot.style.display = 'none'; }
        if (cell.snapshot && !ok) {
          cell.box.style.display = 'none';
          failed.push(failure(result, where));
        }
      });
      var widgets = placed.filter(function (c) { return c.snapshot; }).length;
      if (failed.length && failed.length === widgets) {
        var none = new Error('no widget could run');
        none.readerMessage = (widgets === 1
          ? 'The widget on this page ' + failed[0] + ', so it keeps its saved view.'
          : 'None of the widgets on this page could run ' + where + ' (one ' + failed[0]
            + '), so they keep their saved views.') + WAY_OUT;
        throw none;
      }
      say('Live after ' + seconds() + ': the widgets compute ' + where + '.'
        + (failed.length === 1 ? ' One widget ' + failed[0] + ', so it keeps its saved view.'
          + WAY_OUT : '')
        + (failed.length > 1 ? ' ' + failed.length + ' widgets could not run (one ' + failed[0]
          + ') and keep their saved views.' + WAY_OUT : ''));
      document.documentElement.setAttribute('data-kt-live', 'ready');
    }).catch(function (error) {
      clearInterval(timer);
      say((error && error.readerMessage || ('The page could not be made live ' + where + ' ('
        + (error && error.message || error)
        + '). The launch buttons at the top of the page open it in JupyterLab instead.'))
        + otherWays(way), true);
      document.documentElement.setAttribute('data-kt-live', 'failed');
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', addButtons);
  } else {
    addButtons();
  }
})();
