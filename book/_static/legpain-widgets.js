/*
 * legpain-widgets.js: renders the course's widgets in the static book, without a kernel.
 *
 * myst-nb writes each page's saved widget state once, as
 *   <script type="application/vnd.jupyter.widget-state+json">{"state": {model_id: {...}}}</script>
 * and a <script type="application/vnd.jupyter.widget-view+json">{"model_id": ...}</script> where each
 * widget sits. Every course widget is an anywidget, so its state carries its own front end (_esm) and
 * styles (_css). This loader gives each widget a small model object with the part of the anywidget
 * model API the course uses (get, set, on/off, save_changes; send does nothing), imports the ESM
 * from a Blob URL and calls render. Nothing is fetched from anywhere.
 */
(function () {
  "use strict";

  var STATE_TYPE = "application/vnd.jupyter.widget-state+json";
  // Large values of the saved state sit in _static/legpain-data/<hash>.js, next to this script
  // (book/_ext/legpain_book.py); each such file runs "legpainData[hash] = value".
  var DATA_BASE = (function () {
    var own = document.currentScript && document.currentScript.src;
    return own ? own.replace(/[^/]*$/, "") + "legpain-data/" : "_static/legpain-data/";
  })();
  var VIEW_TYPE = "application/vnd.jupyter.widget-view+json";

  function StaticModel(state) {
    this._state = Object.assign({}, state);
    this._listeners = {};
    this.legpainStatic = true;
  }
  StaticModel.prototype.get = function (name) {
    return this._state[name];
  };
  StaticModel.prototype.set = function (name, value) {
    var old = this._state[name];
    this._state[name] = value;
    if (old !== value) {
      this._emit("change:" + name, value);
      this._emit("change", value);
    }
  };
  StaticModel.prototype.on = function (event, callback) {
    String(event).split(/\s+/).forEach(function (name) {
      (this._listeners[name] = this._listeners[name] || []).push(callback);
    }, this);
  };
  StaticModel.prototype.off = function (event, callback) {
    if (event === undefined || event === null) {
      this._listeners = {};
      return;
    }
    String(event).split(/\s+/).forEach(function (name) {
      var list = this._listeners[name] || [];
      this._listeners[name] = callback ? list.filter(function (f) { return f !== callback; }) : [];
    }, this);
  };
  StaticModel.prototype._emit = function (name, value) {
    (this._listeners[name] || []).slice().forEach(function (callback) {
      callback(this, value);
    }, this);
  };
  StaticModel.prototype.save_changes = function () {};
  StaticModel.prototype.send = function () {};

  var modules = {};
  function importModule(esm) {
    if (!modules[esm]) {
      var url = URL.createObjectURL(new Blob([esm], { type: "text/javascript" }));
      modules[esm] = import(url);
    }
    return modules[esm];
  }

  var styled = {};
  function addStyle(css) {
    if (!css || styled[css]) return;
    styled[css] = true;
    var style = document.createElement("style");
    style.textContent = css;
    document.head.appendChild(style);
  }

  function readJSON(script) {
    try {
      return JSON.parse(script.textContent);
    } catch (error) {
      return null;
    }
  }

  // What the student sees where a widget cannot be drawn (its saved state is missing or damaged,
  // or its code fails): a short explanation instead of an empty gap.
  function placeholder(script, why) {
    var box = document.createElement("div");
    box.className = "legpain-widget-missing";
    box.setAttribute("role", "status");
    box.textContent = "This interactive figure cannot be shown on this page (" + why + "). " +
      "Open the chapter as a notebook (JupyterLab, Binder or Colab) and run it to use it.";
    script.parentNode.insertBefore(box, script);
    return box;
  }

  async function renderView(script, models, why) {
    var view = readJSON(script);
    var id = view && view.model_id;
    var model = id && models[id];
    if (!model) return placeholder(script, why || "its saved state is missing");
    if (typeof model.get("_esm") !== "string" || !model.get("_esm").trim()) {
      return placeholder(script, "its code is missing from the saved state");
    }
    var el = document.createElement("div");
    el.className = "legpain-static-widget";
    script.parentNode.insertBefore(el, script);
    addStyle(model.get("_css"));
    try {
      var mod = await importModule(model.get("_esm"));
      var widget = mod.default !== undefined ? mod.default : mod;
      if (typeof widget === "function") widget = await widget();
      if (widget && typeof widget.initialize === "function") await widget.initialize({ model: model });
      if (!widget || typeof widget.render !== "function") throw new Error("no render function");
      await widget.render({ model: model, el: el });
    } catch (error) {
      console.debug("legpain: a widget could not be rendered", error);
      el.remove();
      return placeholder(script, "its code could not run in this browser");
    }
    return el;
  }

  var dataFiles = {};
  function loadDataFile(key) {
    if (!/^[0-9a-f]{8,64}$/.test(key)) return Promise.reject(new Error("bad data file name"));
    if (!dataFiles[key]) {
      dataFiles[key] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = DATA_BASE + key + ".js";
        script.onload = function () {
          var store = window.legpainData || {};
          if (Object.prototype.hasOwnProperty.call(store, key)) resolve(store[key]);
          else reject(new Error("data file " + key + " holds no value"));
        };
        script.onerror = function () { reject(new Error("data file " + key + " could not be read")); };
        document.head.appendChild(script);
      });
    }
    return dataFiles[key];
  }

  // Every {"$legpain_file": key} of the state, loaded; a copy for each widget.
  async function fetchDataFiles(models) {
    var jobs = [];
    models.forEach(function (traits) {
      Object.keys(traits).forEach(function (name) {
        var value = traits[name];
        var key = value && typeof value === "object" && !Array.isArray(value)
          && Object.keys(value).length === 1 ? value["$legpain_file"] : undefined;
        if (typeof key !== "string") return;
        jobs.push(loadDataFile(key).then(function (found) {
          traits[name] = found && typeof found === "object" ? JSON.parse(JSON.stringify(found)) : found;
        }));
      });
    });
    await Promise.all(jobs);
  }

  // The book writes a value that several widgets of a page hold once, under "legpain_shared", and
  // puts {"$legpain_shared": key} in each widget's state (book/_ext/legpain_book.py). Each widget
  // gets its own copy back, so no widget can change another's data.
  function unshare(traits, shared) {
    var out = {};
    Object.keys(traits).forEach(function (name) {
      var value = traits[name];
      var ref = value && typeof value === "object" && !Array.isArray(value)
        && Object.keys(value).length === 1 ? value["$legpain_shared"] : undefined;
      if (typeof ref === "string" && Object.prototype.hasOwnProperty.call(shared, ref)) {
        var found = shared[ref];
        value = found && typeof found === "object" ? JSON.parse(JSON.stringify(found)) : found;
      }
      out[name] = value;
    });
    return out;
  }

  // A large page state comes gzipped and base64-encoded (book/_ext/legpain_book.py).
  async function unpack(saved) {
    if (!saved || typeof saved.legpain_packed !== "string") return saved;
    if (typeof DecompressionStream !== "function") {
      throw new Error("this browser cannot unpack the saved state (it needs a browser from 2023 or later)");
    }
    var bytes = Uint8Array.from(atob(saved.legpain_packed), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  async function main() {
    var stateScript = document.querySelector('script[type="' + STATE_TYPE + '"]');
    if (!stateScript) return;
    var saved = null;
    var why = "its saved state is missing";
    try {
      saved = await unpack(readJSON(stateScript));
    } catch (error) {
      console.debug("legpain: the saved widget state could not be read", error);
      why = /2023/.test(String(error && error.message)) ? "this browser is too old for it; a browser from 2023 or later shows it"
        : "its saved state is damaged";
    }
    var state = (saved && saved.state) || {};
    var shared = (saved && saved.legpain_shared) || {};
    var traitsById = {};
    Object.keys(state).forEach(function (id) {
      var entry = state[id] || {};
      if (entry && entry.model_module === "anywidget" && entry.state && typeof entry.state === "object") {
        traitsById[id] = unshare(entry.state, shared);
      }
    });
    try {
      await fetchDataFiles(Object.keys(traitsById).map(function (id) { return traitsById[id]; }));
    } catch (error) {
      console.debug("legpain: a data file of this page could not be read", error);
      traitsById = {};
      why = "its data file could not be read; reload the page";
    }
    var models = {};
    Object.keys(traitsById).forEach(function (id) { models[id] = new StaticModel(traitsById[id]); });
    var views = document.querySelectorAll('script[type="' + VIEW_TYPE + '"]');
    for (var i = 0; i < views.length; i++) {
      await renderView(views[i], models, why);
    }
    document.documentElement.dataset.legpainWidgets = "ready";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", main);
  } else {
    main();
  }
})();
