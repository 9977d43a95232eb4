/* textmine: the explorable report. Vanilla JavaScript, no library, nothing fetched.
 * Every piece of data reaches the page through textContent, setAttribute or CSSOM, never
 * innerHTML, so hostile text from a document stays text. */
(function () {
  "use strict";

  // ---------------------------------------------------------------- data
  // Each table is its own JSON element, parsed when a view first needs it: the overview needs
  // none, the lists the core tables, the concordance and the document view the text (the
  // sentences are most of the file: half of a 100,000-proposal page), the maps their own.
  var parsed = {};
  // A large report keeps its tables in a folder beside the page (report_data/NAME.js, each
  // setting window.TEXTMINE[NAME]): the core ones load with the page, the others (listed in
  // <html data-later>) when a view first needs them: the text tables for the concordance and the
  // document view, the maps' tables for the maps (3.5 MiB at 100,000 proposals that the lists
  // never read: bench/RESULTS.md R2).
  var ROOT = document.documentElement;
  var FOLDER = ROOT.getAttribute("data-folder");
  var LATER = (ROOT.getAttribute("data-later") || "").split(",").filter(Boolean);
  var TEXT_TABLES = ["sentences", "entities", "blocks"], MAP_TABLES = ["proposal_map", "cluster_map"];
  function raw(name) {
    if (!(name in parsed)) {
      var files = window.TEXTMINE || {}, node = document.getElementById("textmine-" + name);
      if (!(name in files) && !node && LATER.indexOf(name) >= 0 && !settled[name]) return null;  // not loaded yet
      parsed[name] = name in files ? files[name] : node ? JSON.parse(node.textContent) : null;
    }
    return parsed[name];
  }
  var waiting = {}, settled = {};  // a later table's file: callbacks until it loads; loaded (or failed)
  function whenTables(names, done) {  // done() once these tables are loaded (at once when they are)
    var left = 1;
    function one() { if (--left === 0) done(); }
    names.forEach(function (name) {
      if (LATER.indexOf(name) < 0 || settled[name]) return;
      left++;
      if (waiting[name]) { waiting[name].push(one); return; }
      waiting[name] = [one];
      var s = document.createElement("script");
      s.src = FOLDER + "/" + name + ".js";
      s.onload = s.onerror = function () {  // a missing file: its views show nothing, nothing breaks
        settled[name] = true;
        waiting[name].splice(0).forEach(function (f) { f(); });
      };
      document.body.appendChild(s);
    });
    one();
  }
  function whenText(done) { whenTables(TEXT_TABLES, function () { loadText(); done(); }); }
  // A table's rows as light objects that read its columns (a getter per column on a shared
  // prototype): no copy of 100,000 rows × 16 cells into objects (170 ms and tens of MiB at
  // 100,000 proposals). A column absent from the data reads as undefined, as a null would; a
  // column of repeated names comes as {codes, values} (report/data.py) and reads as its names.
  var tables = {};
  function table(name) {
    if (tables[name]) return tables[name];
    var t = raw(name);
    if (!t) return [];
    var cols = Object.keys(t);
    var n = cols.length ? (t[cols[0]].codes || t[cols[0]]).length : 0;
    function Row(i) { this._i = i; }
    cols.forEach(function (c) {
      var values = t[c], codes = values.codes, names = values.values;
      Object.defineProperty(Row.prototype, c, {
        get: codes ? function () { return names[codes[this._i]]; } : function () { return values[this._i]; },
        enumerable: true,
      });
    });
    var out = new Array(n);
    for (var i = 0; i < n; i++) out[i] = new Row(i);
    tables[name] = out;
    return out;
  }
  function groupBy(rows, key) {
    var m = new Map();
    rows.forEach(function (r) {
      var k = r[key];
      if (!m.has(k)) m.set(k, []);
      m.get(k).push(r);
    });
    return m;
  }
  function entityKey(e) { return e.entity_id || (e.label + "|" + e.canonical); }

  var documents = [], proposals = [], clusters = [], entityIndex = [], terms = [], themes = [];
  var documentThemes = [], reviewLog = [], sentences = [], mentions = [], blocks = [];
  var docById = new Map(), clusterById = new Map(), proposalById = new Map(), themeById = new Map();
  var entityByKey = new Map(), proposalsByDoc = new Map(), themesByDoc = new Map();
  var sentencesByDoc = new Map(), mentionsByDoc = new Map(), blocksByDoc = new Map();
  var coreLoaded = false, textLoaded = false;
  function loadCore() {
    if (coreLoaded) return;
    coreLoaded = true;
    documents = table("documents");
    proposals = table("proposals");
    clusters = table("clusters");
    entityIndex = table("entity_index");
    terms = table("corpus_terms");
    themes = table("themes");
    documentThemes = table("document_themes");
    reviewLog = table("review_log");
    documents.forEach(function (d) { docById.set(d.doc_id, d); });
    clusters.forEach(function (c) { clusterById.set(c.cluster_id, c); });
    proposals.forEach(function (p) { proposalById.set(p.proposal_id, p); });
    themes.forEach(function (t) { themeById.set(t.theme_id, t); });
    entityIndex.forEach(function (e) { entityByKey.set(entityKey(e), e); });
    proposalsByDoc = groupBy(proposals, "doc_id");
    themesByDoc = groupBy(documentThemes, "doc_id");
  }
  function loadText() {
    if (textLoaded) return;
    textLoaded = true;
    loadCore();
    sentences = table("sentences");
    mentions = table("entities");
    blocks = table("blocks");
    sentencesByDoc = groupBy(sentences, "doc_id");
    mentionsByDoc = groupBy(mentions, "doc_id");
    blocksByDoc = groupBy(blocks, "doc_id");
  }

  // ---------------------------------------------------------------- French
  var NF = new Intl.NumberFormat("fr-FR");
  var NF1 = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
  var NF3 = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 3 });
  var PCT = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 });
  var COLLATOR = new Intl.Collator("fr", { sensitivity: "base", numeric: true });
  function n0(v) { return v == null ? "" : NF.format(v); }
  function plural(n, one, many) { return n0(n) + " " + (n > 1 ? many : one); }
  var FR = {
    numbered: "numérotée", list_item: "liste", prose: "texte", contribution: "contribution",
    measure: "mesure", call: "appel",
    ok: "traité", error: "erreur", skipped: "non traité", empty: "vide", duplicate: "doublon",
    new: "nouveau", persisting: "maintenu", merged: "fusionné", split: "scindé",
    unclustered: "non regroupées",
    applied: "appliquée", target_missing: "cible introuvable", conflict: "conflit",
    invalid: "invalide", ignored: "ignorée",
    accepted: "acceptée", rejected: "rejetée", moved: "déplacée",
    accept: "accepter", reject: "rejeter", move: "déplacer", merge: "fusionner",
    rename: "renommer", note: "note", reject_entity: "rejeter l'entité",
    set_canonical: "changer la forme canonique", add_alias: "ajouter un alias",
    argument: "argument", comment: "commentaire", debate: "débat",
    new_document: "nouveau document", changed_document: "document modifié",
    removed_document: "document retiré", new_cluster: "nouveau groupe",
    grown_cluster: "groupe agrandi", shrunk_cluster: "groupe réduit",
    merged_cluster: "groupes fusionnés", moved_proposal: "proposition déplacée",
    over: "sur-représenté", under: "sous-représenté",
  };
  function fr(code) { return code == null ? "" : (FR[code] || String(code)); }
  function year(d) { return d && d.date ? String(d.date).slice(0, 4) : null; }
  function docTitle(doc) {
    if (!doc) return "";
    var t = doc.title || doc.path || doc.doc_id;
    return doc.source_id && !doc.title ? t + " #" + doc.source_id : t;
  }
  function clusterName(id) {
    if (id == null) return "";
    if (id === -1) return "Non regroupées";
    var c = clusterById.get(id);
    return "#" + id + " " + (c ? c.label : "");
  }

  // ---------------------------------------------------------------- folding and matching
  var COMBINING = /[\u0300-\u036f]/g;
  function foldSlow(s) {  // the reference: decomposed, marks dropped, lower case, ligatures split
    return String(s).normalize("NFD").replace(COMBINING, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/[’ʼ]/g, "'");
  }
  // The same, faster on Latin text: lower case, then each character that folds differently
  // replaced from a table made with foldSlow (Latin letters, combining marks, apostrophes); other
  // scripts take the slow way. Twice as fast as foldSlow on 100,000 proposals (135 against 274
  // ms in Node on this machine), which the search index folds once.
  var FOLDS = {}, FOLDABLE = [];
  function tableChar(c) {
    var ch = String.fromCharCode(c), f = foldSlow(ch);
    if (f !== ch) { FOLDS[ch] = f; FOLDABLE.push(ch); }
  }
  for (var c0 = 0x80; c0 <= 0x24f; c0++) tableChar(c0);
  for (c0 = 0x300; c0 <= 0x36f; c0++) tableChar(c0);
  tableChar(0x2bc); tableChar(0x2019);
  var FOLDABLE_RE = new RegExp("[" + FOLDABLE.join("").replace(/[\]\\^-]/g, "\\$&") + "]", "g");
  var NON_ASCII = /[^\x00-\x7f]/, NON_LATIN = /[^\x00-\u024f\u0300-\u036f\u02bc\u2019]/;
  function foldChar(ch) { return FOLDS[ch]; }
  function fold(s) {
    if (!s) return "";
    s = String(s).toLowerCase();
    if (!NON_ASCII.test(s)) return s;
    if (NON_LATIN.test(s)) return foldSlow(s);
    return s.replace(FOLDABLE_RE, foldChar);
  }
  // The folded text and, for each of its characters, the index of the original character:
  // a match found in the folded text is highlighted in the original one.
  var RESHAPED = /[œæŒÆ\u0300-\u036f\u0130]/;  // characters whose folding changes the length
  function foldMap(s) {
    var whole = fold(s);
    if (whole.length === s.length && !RESHAPED.test(s)) return { text: whole, map: null };
    var out = [], map = [];
    for (var i = 0; i < s.length; i++) {
      var f = fold(s[i]);
      for (var k = 0; k < f.length; k++) { out.push(f[k]); map.push(i); }
    }
    map.push(s.length);
    return { text: out.join(""), map: map };
  }
  function orig(fm, i) { return fm.map ? fm.map[i] : i; }  // original index of a folded one
  var LETTER = /[a-z0-9]/;
  function queryWords(q) {
    return fold(q).split(/\s+/).filter(function (w) { return w.length > 0; });
  }
  // Occurrences of a folded needle in a folded text, starting a word (« art » is not found
  // inside « partie »), as [start, end) pairs of the folded text.
  function occurrences(folded, needle) {
    var found = [];
    if (!needle) return found;
    var i = folded.indexOf(needle);
    while (i !== -1) {
      if (i === 0 || !LETTER.test(folded[i - 1])) found.push([i, i + needle.length]);
      i = folded.indexOf(needle, i + 1);
    }
    return found;
  }
  // Text with the needles highlighted, as DOM nodes (never HTML).
  function highlighted(text, needles) {
    var frag = document.createDocumentFragment();
    text = text == null ? "" : String(text);
    if (!needles || !needles.length) { frag.appendChild(document.createTextNode(text)); return frag; }
    var fm = foldMap(text), spans = [];
    needles.forEach(function (n) {
      occurrences(fm.text, n).forEach(function (o) { spans.push([orig(fm, o[0]), orig(fm, o[1] - 1) + 1]); });
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    spans.forEach(function (s) {
      if (s[0] < at) return;
      frag.appendChild(document.createTextNode(text.slice(at, s[0])));
      frag.appendChild(el("mark", {}, text.slice(s[0], s[1])));
      at = s[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  // ---------------------------------------------------------------- DOM helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) {
      if (attrs[k] == null || attrs[k] === false) continue;
      if (k === "class") node.className = attrs[k];
      else if (k === "onclick") node.addEventListener("click", attrs[k]);
      else node.setAttribute(k, attrs[k]);
    }
    append(node, children);
    return node;
  }
  function append(node, children) {
    if (children == null) return node;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (c) {
      if (c == null || c === false) return;
      node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  var SVGNS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVGNS, tag);
    for (var k in attrs || {}) if (attrs[k] != null) node.setAttribute(k, attrs[k]);
    if (typeof children === "string") node.textContent = children;
    else (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function link(hash, text) { return el("a", { href: hash }, text); }
  function docLink(docId, extra) {
    return link("#/document/" + encodeURIComponent(docId) + (extra || ""), docTitle(docById.get(docId)) || docId);
  }
  function concordanceHash(params) { return "#/concordance?" + new URLSearchParams(params).toString(); }

  // ---------------------------------------------------------------- export: SVG, PNG, CSV
  var lastExport = null;
  function download(name, blob) {
    lastExport = { name: name, type: blob.type, size: blob.size };
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }
  function svgText(node) {
    var copy = node.cloneNode(true);
    copy.setAttribute("xmlns", SVGNS);
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
  }
  function exportSVG(node, name) {
    download(name + ".svg", new Blob([svgText(node)], { type: "image/svg+xml" }));
  }
  function exportPNG(node, name) {
    var w = +node.getAttribute("width"), h = +node.getAttribute("height");
    var url = URL.createObjectURL(new Blob([svgText(node)], { type: "image/svg+xml" }));
    var img = new Image();
    img.onload = function () {
      var canvas = el("canvas", { width: w * 2, height: h * 2 });  // 2x: sharp in print
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(function (blob) { download(name + ".png", blob); }, "image/png");
    };
    img.src = url;
  }
  // CSV as a French spreadsheet reads it: « ; » between cells, decimal comma, BOM; a text cell
  // that would start a formula gets an apostrophe (as the run's own CSV copies do).
  function csvCell(v) {
    if (v == null) return "";
    if (typeof v === "number") return String(v).replace(".", ",");
    var s = Array.isArray(v) ? v.join(" | ") : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[;"\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function exportCSV(header, rows, name) {
    var lines = [header.map(csvCell).join(";")];
    rows.forEach(function (r) { lines.push(r.map(csvCell).join(";")); });
    download(name + ".csv", new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv" }));
  }
  function tools(buttons) {
    return el("div", { class: "tools" }, buttons.map(function (b) {
      return el("button", { type: "button", class: "export-" + b[0].toLowerCase(), onclick: b[1] }, b[0]);
    }));
  }
  // A figure: title, drawing, caption saying what was counted, and its exports.
  function figure(id, title, caption, drawing, csv) {
    var buttons = [];
    if (drawing.tagName === "svg") {
      buttons.push(["SVG", function () { exportSVG(drawing, id); }]);
      buttons.push(["PNG", function () { exportPNG(drawing, id); }]);
    } else if (drawing.exports) {
      buttons = buttons.concat(drawing.exports);
    }
    buttons.push(["CSV", function () { var t = csv(); exportCSV(t[0], t[1], id); }]);
    return el("figure", { id: "fig-" + id }, [el("h3", {}, title), drawing.node || drawing, el("figcaption", {}, caption), tools(buttons)]);
  }

  // ---------------------------------------------------------------- list views
  // A list with search, facets, sorting and pages: every row is reachable.
  function ListView(opts) {
    this.o = opts;
    this.query = "";
    this.words = [];
    this.facetValues = {};
    this.sort = null;
    this.page = 0;
    this.size = opts.pageSize || 50;
    this.folded = null;
    this.root = null;
  }
  ListView.prototype.mount = function (root) {
    var self = this, o = this.o;
    if (typeof o.rows === "function") o.rows = o.rows();
    this.root = root;
    clear(root);
    append(root, el("h2", {}, o.title));
    if (o.intro) append(root, el("p", { class: "muted" }, o.intro));
    var controls = el("div", { class: "controls" });
    this.input = el("input", { type: "search", placeholder: o.placeholder || "Rechercher…", "aria-label": "Rechercher", class: "search" });
    this.input.value = this.query;
    this.input.addEventListener("input", function () { self.setQuery(self.input.value); });
    append(controls, el("label", {}, ["Recherche (accents et majuscules indifférents)", this.input]));
    this.selects = {};
    (o.facets || []).forEach(function (f) {
      var s = el("select", { "data-facet": f.key, "aria-label": f.label });
      s.addEventListener("change", function () {
        if (s.value === "") delete self.facetValues[f.key]; else self.facetValues[f.key] = s.value;
        self.page = 0;
        self.update();
      });
      self.selects[f.key] = s;
      append(controls, el("label", {}, [f.label, s]));
    });
    if (o.concordance) {
      append(controls, el("button", { type: "button", class: "to-kwic", onclick: function () {
        if (self.query.trim()) location.hash = concordanceHash({ q: self.query.trim() });
      } }, "Concordance de la recherche"));
    }
    append(root, controls);
    this.count = el("p", { class: "count muted" });
    append(root, this.count);
    this.table = el("table", { class: "list " + (o.cls || "") });
    append(root, this.table);
    this.pager = el("div", { class: "pager" });
    append(root, this.pager);
    append(root, tools([["CSV", function () { self.exportCSV(); }]]));
    this.update();
  };
  ListView.prototype.setQuery = function (q) {
    this.query = q;
    this.words = queryWords(q);
    this.page = 0;
    if (this.input && this.input.value !== q) this.input.value = q;
    this.update();
  };
  ListView.prototype.setFacet = function (key, value) {
    this.facetValues = {};
    if (value != null) this.facetValues[key] = String(value);
    this.query = "";
    this.words = [];
    this.page = 0;
    if (this.input) this.input.value = "";
    if (this.root) this.update();
  };
  ListView.prototype.facetOf = function (f, r) {
    var v = f.get(r);
    return v == null || v === "" ? "—" : String(v);
  };
  // The search index, built once per list: each row's own text folded (accents, case), the
  // texts it shares with other rows (its document's title, its cluster's name) folded once each
  // and referred to by integer codes, and its facet values as integer codes. The own texts are
  // folded in slices of FOLD_SLICE rows between the browser's other tasks, so that the list is
  // drawn at once and answers while they are folded: a search meanwhile shows the matches among
  // the rows already folded, says so, and is completed when the last slice is done.
  var FOLD_SLICE = 4000;  // rows per slice: about 4 ms of CPU here (100 ms for 100,000 rows)
  ListView.prototype.index = function () {
    if (this.fcodes) return;
    var o = this.o, rows = o.rows, facets = o.facets || [], self = this, n = rows.length;
    this.folded = new Array(n);
    this.nFolded = 0;
    function codes(get) {  // integer codes of a value per row, and the distinct values
      var out = new Int32Array(n), seen = new Map(), names = [];
      for (var i = 0; i < n; i++) {
        var v = get(rows[i]), c = seen.get(v);
        if (c === undefined) { c = names.length; names.push(v); seen.set(v, c); }
        out[i] = c;
      }
      return { codes: out, names: names };
    }
    this.shared = (o.shared || []).map(function (get) {
      var s = codes(get);
      s.folded = s.names.map(fold);
      return s;
    });
    var fc = facets.map(function (f) { return codes(function (r) { return self.facetOf(f, r); }); });
    this.fcodes = fc.map(function (x) { return x.codes; });
    this.fnames = fc.map(function (x) { return x.names; });
    if (n <= FOLD_SLICE) { this.foldRows(n); return; }
    var step = function () {
      self.foldRows(FOLD_SLICE);
      if (self.nFolded < n) setTimeout(step, 0);
      else if (self.partial) self.update();  // the search typed meanwhile, now over every row
    };
    setTimeout(step, 0);
  };
  ListView.prototype.foldRows = function (count) {
    var o = this.o, rows = o.rows, folded = this.folded;
    var end = Math.min(rows.length, this.nFolded + count);
    for (var i = this.nFolded; i < end; i++) folded[i] = fold(o.text(rows[i]));
    this.nFolded = end;
  };
  ListView.prototype.filter = function () {
    var o = this.o, rows = o.rows, words = this.words, facets = o.facets || [], fv = this.facetValues;
    this.index();
    var limit = rows.length;  // rows searched: those already folded while the index is built
    this.partial = false;
    if (words.length && this.nFolded < rows.length) {
      if (rows.length - this.nFolded <= FOLD_SLICE) this.foldRows(rows.length);
      else { limit = this.nFolded; this.partial = true; }
    }
    // A query that only adds to the previous one searches the previous matches (typing), and
    // the rows indexed since, if the index was still being built.
    var prev = this.lastWords, candidates = null, from = 0;
    if (words.length && prev && this.lastHits && prev.every(function (w) { return words.some(function (x) { return x.indexOf(w) !== -1; }); })) {
      candidates = this.lastHits;
      from = this.lastLimit;
    }
    // Which shared texts hold each word: one test per distinct text, not per row.
    var shared = this.shared, ns = shared.length;
    var held = words.map(function (w) {
      return shared.map(function (s) { return Uint8Array.from(s.folded, function (t) { return t.indexOf(w) !== -1 ? 1 : 0; }); });
    });
    var folded = this.folded, hits = [];
    function test(i) {
      for (var w = 0; w < words.length; w++) {
        if (folded[i].indexOf(words[w]) !== -1) continue;
        var ok = false;
        for (var k = 0; k < ns && !ok; k++) ok = held[w][k][shared[k].codes[i]] === 1;
        if (!ok) return;
      }
      hits.push(i);
    }
    if (!words.length) {  // no query: every row (clearing the search box must not scan them)
      hits = this.allRows || (this.allRows = Array.from({ length: rows.length }, function (_, i) { return i; }));
    } else {
      if (candidates) for (var c = 0; c < candidates.length; c++) test(candidates[c]);
      for (var i = from; i < limit; i++) test(i);
    }
    this.lastWords = words.slice();
    this.lastHits = words.length ? hits : null;  // the rows below lastLimit that match
    this.lastLimit = limit;
    var nf = facets.length, fcodes = this.fcodes, fnames = this.fnames;
    var chosen = facets.map(function (f, k) { var v = fv[f.key]; return v == null ? -1 : fnames[k].indexOf(v); });
    var tally = facets.map(function (f, k) { return new Int32Array(fnames[k].length); });
    var keep = [];
    if (chosen.every(function (v) { return v === -1; })) {  // no facet chosen (typing): one pass per facet
      keep = hits.slice();
      tally.forEach(function (t, k) {
        var codes = fcodes[k];
        for (var h = 0; h < hits.length; h++) t[codes[hits[h]]]++;
      });
      nf = 0;
    }
    for (var h = 0; h < hits.length && nf; h++) {
      var r = hits[h], failed = -1, nfail = 0, f;
      for (f = 0; f < nf; f++) if (chosen[f] !== -1 && fcodes[f][r] !== chosen[f]) { nfail++; failed = f; }
      // Counts of a facet ignore its own choice (the other options stay reachable).
      if (nfail === 0) {
        keep.push(r);
        for (f = 0; f < nf; f++) tally[f][fcodes[f][r]]++;
      } else if (nfail === 1) tally[failed][fcodes[failed][r]]++;
    }
    var counts = tally.map(function (t, k) {
      var m = new Map();
      for (var j = 0; j < t.length; j++) if (t[j]) m.set(fnames[k][j], t[j]);
      return m;
    });
    return { keep: keep, counts: counts };
  };
  // A facet's options: the values that the other choices leave, with their counts. The option
  // elements are kept and only their text changes while the values stay the same (typing): a
  // new set of 300 options per keystroke was most of the list's layout at 100,000 proposals.
  ListView.prototype.facetOptions = function (f, k, counts) {
    var s = this.selects[f.key], chosen = this.facetValues[f.key];
    var total = 0;
    counts.forEach(function (n) { total += n; });
    var entries = Array.from(counts.entries());
    if (chosen != null && !counts.has(chosen)) entries.push([chosen, 0]);
    var key = entries.map(function (e) { return e[0]; }).sort().join("\u0000");
    var cache = this.optionCache || (this.optionCache = {});
    var known = cache[f.key];
    if (!known || known.key !== key) {
      entries.sort(f.order || function (a, b) { return COLLATOR.compare(f.name ? f.name(a[0]) : a[0], f.name ? f.name(b[0]) : b[0]); });
      known = cache[f.key] = { key: key, all: el("option", { value: "" }), byValue: new Map() };
      var options = [known.all];
      entries.forEach(function (e) {
        var opt = el("option", { value: e[0] });
        known.byValue.set(e[0], opt);
        options.push(opt);
      });
      clear(s);
      append(s, options);
    }
    setText(known.all, "Tous (" + n0(total) + ")");
    entries.forEach(function (e) {
      var opt = known.byValue.get(e[0]);
      setText(opt, (f.name ? f.name(e[0]) : e[0]) + " (" + n0(e[1]) + ")");
    });
    s.value = chosen == null ? "" : chosen;
  };
  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }
  ListView.prototype.update = function () {
    var self = this, o = this.o;
    var res = this.filter();
    var keep = res.keep;
    (o.facets || []).forEach(function (f, k) { self.facetOptions(f, k, res.counts[k]); });
    if (this.sort) {
      var col = o.columns[this.sort.col], dir = this.sort.dir, rows = o.rows;
      var key = col.sort || col.get;
      keep.sort(function (a, b) {
        var x = key(rows[a]), y = key(rows[b]);
        if (x == null && y == null) return a - b;
        if (x == null) return 1;
        if (y == null) return -1;
        var c = typeof x === "number" && typeof y === "number" ? x - y : COLLATOR.compare(String(x), String(y));
        return (c || a - b) * (c ? dir : 1);
      });
    }
    this.keep = keep;
    var pages = Math.max(1, Math.ceil(keep.length / this.size));
    if (this.page >= pages) this.page = pages - 1;
    this.count.textContent = (this.partial ? "au moins " : "") + plural(keep.length, o.unit[0], o.unit[1]) +
      (keep.length !== o.rows.length ? " sur " + n0(o.rows.length) : "") + (this.partial ? " (recherche en cours…)" : "");
    this.render(pages);
  };
  ListView.prototype.render = function (pages) {
    var self = this, o = this.o, t = clear(this.table);
    var head = el("tr");
    o.columns.forEach(function (c, k) {
      var cls = "sortable" + (c.num ? " num" : "");
      if (self.sort && self.sort.col === k) cls += self.sort.dir > 0 ? " sorted-asc" : " sorted-desc";
      append(head, el("th", { class: cls, onclick: function () {
        self.sort = self.sort && self.sort.col === k ? { col: k, dir: -self.sort.dir } : { col: k, dir: c.num ? -1 : 1 };
        self.page = 0;
        self.update();
      } }, c.label));
    });
    append(t, el("thead", {}, head));
    var body = el("tbody");
    var start = this.page * this.size, end = Math.min(this.keep.length, start + this.size);
    for (var i = start; i < end; i++) {
      var r = o.rows[this.keep[i]], tr = el("tr", { "data-id": o.id ? o.id(r) : null });
      o.columns.forEach(function (c) {
        var v = c.render ? c.render(r, self.words) : c.get(r);
        append(tr, el("td", { class: c.num ? "num" : null }, typeof v === "number" ? n0(v) : v));
      });
      append(body, tr);
    }
    append(t, body);
    clear(this.pager);
    function go(p, label, cls) {
      return el("button", { type: "button", class: cls, disabled: p < 0 || p >= pages || p === self.page ? "disabled" : null,
        onclick: function () { self.page = p; self.update(); } }, label);
    }
    append(this.pager, [go(0, "« Première", "first"), go(this.page - 1, "‹ Précédente", "prev"),
      el("span", { class: "page muted" }, "Page " + n0(this.page + 1) + " sur " + n0(pages)),
      go(this.page + 1, "Suivante ›", "next"), go(pages - 1, "Dernière »", "last")]);
  };
  ListView.prototype.exportCSV = function () {
    var o = this.o, keep = this.keep || [];
    var cols = o.csv || o.columns.map(function (c) { return [c.label, c.get]; });
    exportCSV(cols.map(function (c) { return c[0]; }), keep.map(function (i) {
      return cols.map(function (c) { return c[1](o.rows[i]); });
    }), o.name);
  };

  // ---------------------------------------------------------------- the lists
  function clusterLink(id) {
    if (id == null) return "";
    return link("#/propositions?cluster=" + encodeURIComponent(id), clusterName(id));
  }
  var proposalList = new ListView({
    name: "propositions", title: "Propositions", unit: ["proposition", "propositions"],
    intro: "Chaque proposition porte l'identifiant des fiches de revue. Cliquez un groupe pour n'afficher que lui, un document pour le lire.",
    placeholder: "Rechercher dans les propositions…", rows: function () { return proposals; }, concordance: true, cls: "proposals",
    id: function (p) { return p.proposal_id; },
    text: function (p) { return [p.proposal_id, p.text, p.number, p.section].join(" "); },
    shared: [function (p) { return docTitle(docById.get(p.doc_id)); }, function (p) { return clusterName(p.cluster_id); }],
    facets: [
      { key: "cluster", label: "Groupe", get: function (p) { return p.cluster_id; }, name: function (v) { return v === "—" ? v : clusterName(+v); },
        order: function (a, b) { return (+a[0]) - (+b[0]); } },
      { key: "kind", label: "Type de proposition", get: function (p) { return p.kind; }, name: fr },
      { key: "doc_type", label: "Type de document", get: function (p) { var d = docById.get(p.doc_id); return d && d.doc_type; }, name: fr },
      { key: "year", label: "Année", get: function (p) { return year(docById.get(p.doc_id)); } },
      { key: "issuer", label: "Émetteur", get: function (p) { var d = docById.get(p.doc_id); return d && d.issuer; } },
      { key: "review", label: "Revue", get: function (p) { return p.review_status; }, name: function (v) { return v === "—" ? "non revue" : fr(v); } },
    ],
    columns: [
      { label: "Identifiant", get: function (p) { return p.proposal_id; }, render: function (p) { return el("span", { class: "id" }, p.proposal_id); } },
      { label: "Proposition", get: function (p) { return p.text; }, render: function (p, words) { return el("div", { class: "clamp" }, highlighted(p.text, words)); } },
      { label: "Groupe", get: function (p) { return clusterName(p.cluster_id); }, sort: function (p) { return p.cluster_id; }, render: function (p) { return clusterLink(p.cluster_id); } },
      { label: "Type", get: function (p) { return fr(p.kind) + (p.number ? " n° " + p.number : ""); } },
      { label: "Document", get: function (p) { return docTitle(docById.get(p.doc_id)); },
        render: function (p) { return docLink(p.doc_id, "?p=" + encodeURIComponent(p.proposal_id)); } },
      { label: "Revue", get: function (p) { return fr(p.review_status); } },
    ],
    csv: [["proposal_id", function (p) { return p.proposal_id; }], ["texte", function (p) { return p.text; }],
      ["groupe", function (p) { return p.cluster_id; }], ["libellé du groupe", function (p) { return clusterName(p.cluster_id); }],
      ["type", function (p) { return p.kind; }], ["numéro", function (p) { return p.number; }],
      ["doc_id", function (p) { return p.doc_id; }], ["document", function (p) { return docTitle(docById.get(p.doc_id)); }],
      ["revue", function (p) { return p.review_status; }]],
  });

  var clusterList = new ListView({
    name: "groupes", title: "Groupes de propositions", unit: ["groupe", "groupes"], rows: function () { return clusters; }, cls: "clusters",
    id: function (c) { return String(c.cluster_id); },
    text: function (c) { return [c.label, (c.top_terms || []).join(" ")].join(" "); },
    facets: [{ key: "status", label: "Statut", get: function (c) { return c.status; }, name: fr }],
    columns: [
      { label: "Groupe", get: function (c) { return clusterName(c.cluster_id); }, sort: function (c) { return c.cluster_id; }, render: function (c) { return clusterLink(c.cluster_id); } },
      { label: "Termes", get: function (c) { return (c.top_terms || []).join(", "); }, render: function (c) {
        return el("span", {}, (c.top_terms || []).map(function (t) { return link(concordanceHash({ q: t }), t); }).reduce(function (a, x) { a.push(x, " · "); return a; }, []).slice(0, -1));
      } },
      { label: "Propositions", num: true, get: function (c) { return c.size; } },
      { label: "Documents", num: true, get: function (c) { return c.n_documents; } },
      { label: "Statut", get: function (c) { return fr(c.status); } },
    ],
  });

  var documentList = new ListView({
    name: "documents", title: "Documents", unit: ["document", "documents"], rows: function () { return documents; }, concordance: true, cls: "documents",
    intro: "La recherche porte sur le titre, le chemin, l'émetteur et la référence ; « Concordance de la recherche » cherche dans le texte de tous les documents.",
    id: function (d) { return d.doc_id; },
    text: function (d) { return [d.title, d.path, d.source_id, d.issuer, d.signatory, d.reference, d.section].join(" "); },
    facets: [
      { key: "doc_type", label: "Type de document", get: function (d) { return d.doc_type; }, name: fr },
      { key: "year", label: "Année", get: year },
      { key: "issuer", label: "Émetteur", get: function (d) { return d.issuer; } },
      { key: "status", label: "Statut", get: function (d) { return d.status; }, name: fr },
    ],
    columns: [
      { label: "Titre", get: docTitle, render: function (d, words) { return el("span", {}, [link("#/document/" + encodeURIComponent(d.doc_id), highlighted(docTitle(d), words)), el("br"), el("span", { class: "muted" }, d.path)]); } },
      { label: "Date", get: function (d) { return d.date; } },
      { label: "Type", get: function (d) { return fr(d.doc_type); } },
      { label: "Émetteur", get: function (d) { return d.issuer; } },
      { label: "Propositions", num: true, get: function (d) { return (proposalsByDoc.get(d.doc_id) || []).length; } },
      { label: "Statut", get: function (d) { return fr(d.status); }, render: function (d) {
        var dup = d.duplicate_of ? " (doublon de « " + docTitle(docById.get(d.duplicate_of)) + " »)" : "";
        return el("span", { class: d.status === "error" ? "status-error" : null }, fr(d.status) + dup);
      } },
    ],
  });

  var entityList = new ListView({
    name: "entites", title: "Entités nommées", unit: ["entité", "entités"], rows: function () { return entityIndex; }, cls: "entities",
    intro: "Une forme canonique par entité ; cliquez-la pour lire toutes les phrases qui la mentionnent.",
    id: entityKey,
    text: function (e) { return [e.canonical, (e.aliases || []).join(" ")].join(" "); },
    facets: [{ key: "label", label: "Catégorie", get: function (e) { return e.label; } }],
    columns: [
      { label: "Forme canonique", get: function (e) { return e.canonical; }, render: function (e, words) { return link(concordanceHash({ entity: entityKey(e) }), highlighted(e.canonical, words)); } },
      { label: "Catégorie", get: function (e) { return e.label; } },
      { label: "Mentions", num: true, get: function (e) { return e.n_mentions; } },
      { label: "Documents", num: true, get: function (e) { return e.n_documents; } },
      { label: "Autres formes", get: function (e) { return (e.aliases || []).join(" · "); } },
    ],
  });

  var termList = new ListView({
    name: "termes", title: "Termes clés du corpus", unit: ["terme", "termes"], rows: function () { return terms; }, cls: "terms",
    intro: "Cliquez un terme pour lire toutes les phrases qui le contiennent.",
    id: function (t) { return t.term; },
    text: function (t) { return [t.surface, t.term].join(" "); },
    columns: [
      { label: "Terme", get: function (t) { return t.surface || t.term; }, render: function (t, words) { return link(concordanceHash({ q: t.surface || t.term }), highlighted(t.surface || t.term, words)); } },
      { label: "Lemme", get: function (t) { return t.term; } },
      { label: "Occurrences", num: true, get: function (t) { return t.count; } },
      { label: "Documents", num: true, get: function (t) { return t.n_documents; } },
      { label: "Score", num: true, get: function (t) { return t.score; }, render: function (t) { return NF1.format(t.score || 0); } },
    ],
  });

  // ---------------------------------------------------------------- concordance (KWIC)
  // A search as a regular expression on the original text: each letter matches its accented and
  // capital forms, « oe » also « œ », an apostrophe both apostrophes, a space any space; from the
  // start of a word to the end of the last one. No folded copy of the sentences is needed (on
  // 100,000 sentences: 0.5 s against 2 s to fold them first, Node on this machine).
  var VARIANTS = {};
  for (var code = 0x41; code <= 0x24f; code++) {
    var letter = String.fromCharCode(code), folded = fold(letter);
    if (folded.length === 1 && /[a-z]/.test(folded)) (VARIANTS[folded] = VARIANTS[folded] || []).push(letter);
  }
  function searchPattern(needle) {
    var out = "";
    for (var i = 0; i < needle.length; i++) {
      var c = needle[i], two = needle.slice(i, i + 2);
      if (two === "oe" || two === "ae") {
        out += "(?:[" + VARIANTS[c].join("") + "][" + VARIANTS.e.join("") + "]|[" + (two === "oe" ? "œŒ" : "æÆ") + "])";
        i++;
      } else if (VARIANTS[c]) out += "[" + VARIANTS[c].join("") + "]";
      else if (c === "'") out += "['’ʼ]";
      else if (c === " ") out += "\\s+";
      else out += c.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&");
    }
    return new RegExp("(?<![\\p{L}\\p{N}])" + out + "[\\p{L}\\p{N}]*", "gu");
  }
  function sentenceAt(docId, pos) {
    var list = sentencesByDoc.get(docId) || [], lo = 0, hi = list.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, s = list[mid];
      if (pos < s.start_char) hi = mid - 1; else if (pos >= s.end_char) lo = mid + 1; else return s;
    }
    return null;
  }
  // Every occurrence: {sentence, start, end} with offsets in the sentence's text.
  function concordance(params) {
    var hits = [];
    if (params.entity) {
      var e = entityByKey.get(params.entity);
      mentions.forEach(function (m) {
        if (entityKey(m) !== params.entity && !(e && m.label === e.label && m.canonical === e.canonical)) return;
        var s = sentenceAt(m.doc_id, m.start_char);
        if (s) hits.push({ s: s, start: m.start_char - s.start_char, end: Math.min(m.end_char, s.end_char) - s.start_char });
      });
      return hits;
    }
    var words = queryWords(params.q || "");
    if (!words.length) return hits;
    var re = searchPattern(words.join(" ")), m;
    for (var i = 0; i < sentences.length; i++) {
      re.lastIndex = 0;
      while ((m = re.exec(sentences[i].text))) hits.push({ s: sentences[i], start: m.index, end: m.index + m[0].length });
    }
    return hits;
  }
  var KWIC_CONTEXT = 70;  // characters each side: a line of the table on a laptop screen
  var kwicState = { params: {}, page: 0, hits: [] };
  function renderConcordance(root, params) {
    clear(root);
    var same = JSON.stringify(params) === JSON.stringify(kwicState.params);
    if (!same) kwicState = { params: params, page: 0, hits: concordance(params) };
    var hits = kwicState.hits;
    var what = params.entity ? (entityByKey.get(params.entity) || { canonical: params.entity }).canonical : (params.q || "");
    append(root, el("h2", {}, "Concordance"));
    var input = el("input", { type: "search", class: "kwic-query", "aria-label": "Mot ou expression", placeholder: "Mot ou expression…" });
    input.value = params.q || "";
    input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") location.hash = concordanceHash({ q: input.value }); });
    append(root, el("div", { class: "controls" }, [el("label", {}, ["Mot ou expression (Entrée pour chercher)", input])]));
    if (!what) { append(root, el("p", { class: "muted" }, "Cliquez un terme, une entité ou un terme de groupe, ou tapez une expression.")); return; }
    var perDoc = new Map();
    hits.forEach(function (h) { perDoc.set(h.s.doc_id, (perDoc.get(h.s.doc_id) || 0) + 1); });
    append(root, el("p", { class: "count" }, [el("strong", {}, "« " + what + " »"),
      " : " + plural(hits.length, "occurrence", "occurrences") + " dans " + plural(perDoc.size, "document", "documents") +
      (params.entity ? " (mentions de l'entité reconnues par le pipeline)" : " (accents et majuscules indifférents, en début de mot)")]));
    var table = el("table", { class: "kwic" });
    append(table, el("tr", {}, [el("th", {}, "Document"), el("th", {}, "Section, page"), el("th", { class: "num" }, "Contexte gauche"), el("th", {}, "Pivot"), el("th", {}, "Contexte droit")]));
    var size = 50, pages = Math.max(1, Math.ceil(hits.length / size));
    var page = Math.min(kwicState.page, pages - 1);
    hits.slice(page * size, page * size + size).forEach(function (h) {
      var t = h.s.text, left = t.slice(Math.max(0, h.start - KWIC_CONTEXT), h.start), right = t.slice(h.end, h.end + KWIC_CONTEXT);
      var hash = "?s=" + h.s.sent_id + (params.entity ? "&e=" + encodeURIComponent(params.entity) : "&q=" + encodeURIComponent(params.q));
      append(table, el("tr", { title: t }, [
        el("td", {}, docLink(h.s.doc_id, hash)),
        el("td", { class: "muted" }, [h.s.section || "", h.s.page != null ? (h.s.section ? ", " : "") + "p. " + h.s.page : ""].join("")),
        el("td", { class: "left" }, el("span", {}, (h.start > KWIC_CONTEXT ? "…" : "") + left)),
        el("td", { class: "pivot" }, el("mark", {}, t.slice(h.start, h.end))),
        el("td", { class: "right" }, right + (h.end + KWIC_CONTEXT < t.length ? "…" : "")),
      ]));
    });
    append(root, table);
    var pager = el("div", { class: "pager" });
    function go(p, label) {
      return el("button", { type: "button", disabled: p < 0 || p >= pages || p === page ? "disabled" : null, onclick: function () { kwicState.page = p; renderConcordance(root, params); } }, label);
    }
    append(pager, [go(0, "« Première"), go(page - 1, "‹ Précédente"), el("span", { class: "muted" }, "Page " + n0(page + 1) + " sur " + n0(pages)), go(page + 1, "Suivante ›"), go(pages - 1, "Dernière »")]);
    append(root, pager);
    append(root, tools([["CSV", function () {
      exportCSV(["doc_id", "document", "section", "page", "gauche", "pivot", "droite"], hits.map(function (h) {
          var t = h.s.text;
        return [h.s.doc_id, docTitle(docById.get(h.s.doc_id)), h.s.section, h.s.page, t.slice(0, h.start), t.slice(h.start, h.end), t.slice(h.end)];
      }), "concordance");
    }]]));
    append(root, el("h3", {}, "Occurrences par document"));
    var counts = el("table", { class: "kwic-counts" });
    append(counts, el("tr", {}, [el("th", {}, "Document"), el("th", { class: "num" }, "Occurrences")]));
    Array.from(perDoc.entries()).sort(function (a, b) { return b[1] - a[1] || COLLATOR.compare(a[0], b[0]); }).forEach(function (e) {
      append(counts, el("tr", {}, [el("td", {}, docLink(e[0])), el("td", { class: "num" }, n0(e[1]))]));
    });
    append(root, counts);
  }

  // ---------------------------------------------------------------- document view
  function renderDocument(root, docId, params) {
    clear(root);
    var d = docById.get(docId);
    if (!d) { append(root, el("p", {}, "Document introuvable : " + docId)); return; }
    append(root, el("p", {}, link("#/documents", "‹ Tous les documents")));
    append(root, el("h2", { class: "doc-title" }, docTitle(d)));
    var meta = el("dl", { class: "meta" });
    [["Fichier", d.path + (d.source_id ? " #" + d.source_id : "")], ["Identifiant", d.doc_id], ["Date", d.date], ["Type", fr(d.doc_type)],
      ["Émetteur", d.issuer], ["Signataire", d.signatory], ["Référence", d.reference], ["Section", d.section], ["Catégorie", d.category],
      ["Pages", d.n_pages], ["Statut", fr(d.status) + (d.error ? " — " + d.error : "")],
      ["Doublon de", d.duplicate_of ? docLink(d.duplicate_of) : null], ["Proche de", d.near_duplicate_of ? docLink(d.near_duplicate_of) : null],
      ["Répond à", d.parent_doc_id ? docLink(d.parent_doc_id) : null]].forEach(function (m) {
      if (m[1] == null || m[1] === "") return;
      append(meta, [el("dt", {}, m[0]), el("dd", {}, typeof m[1] === "number" ? n0(m[1]) : m[1])]);
    });
    append(root, meta);
    var dthemes = (themesByDoc.get(docId) || []).slice().sort(function (a, b) { return b.weight - a.weight; });
    if (dthemes.length) {
      var total = dthemes.reduce(function (a, t) { return a + t.weight; }, 0) || 1;
      append(root, el("h3", {}, "Thèmes"));
      append(root, el("p", {}, dthemes.map(function (t) {
        return el("span", { class: "pill" }, (themeById.get(t.theme_id) || { label: t.theme_id }).label + " · " + PCT.format(t.weight / total));
      })));
    }
    var props = proposalsByDoc.get(docId) || [];
    if (props.length) {
      append(root, el("h3", {}, "Propositions (" + n0(props.length) + ")"));
      var pt = el("table", { class: "doc-proposals" });
      props.forEach(function (p) {
        append(pt, el("tr", { "data-id": p.proposal_id }, [el("td", {}, el("a", { class: "id", href: "#/document/" + encodeURIComponent(docId) + "?p=" + encodeURIComponent(p.proposal_id) }, p.proposal_id)),
          el("td", {}, p.text), el("td", {}, clusterLink(p.cluster_id)), el("td", {}, fr(p.review_status))]));
      });
      append(root, pt);
    }
    var ments = mentionsByDoc.get(docId) || [];
    var touched = new Set([docId]);
    props.forEach(function (p) { touched.add(p.proposal_id); });
    ments.forEach(function (m) { touched.add(m.entity_id); touched.add(m.canonical); });
    var decisions = reviewLog.filter(function (r) { return touched.has(r.target); });
    if (decisions.length) {
      append(root, el("h3", {}, "Décisions de revue qui touchent ce document"));
      var rt = el("table", { class: "doc-review" });
      append(rt, el("tr", {}, [el("th", {}, "Décision"), el("th", {}, "Cible"), el("th", {}, "Valeur"), el("th", {}, "Statut"), el("th", {}, "Message")]));
      decisions.forEach(function (r) {
        append(rt, el("tr", {}, [el("td", {}, fr(r.decision)), el("td", { class: "id" }, r.target), el("td", {}, r.value), el("td", {}, fr(r.status)), el("td", {}, r.message)]));
      });
      append(root, rt);
    }
    // The text: sentences in order, a paragraph per block, entities as displaCy shows them,
    // proposals underlined, the searched words marked.
    var labels = Array.from(new Set(ments.map(function (m) { return m.label; }))).sort();
    append(root, el("h3", {}, "Texte"));
    if (labels.length) append(root, el("div", { class: "legend" }, labels.map(function (l) { return el("mark", { class: "ent " + l }, l); })));
    var text = el("div", { class: "doctext" });
    var sents = sentencesByDoc.get(docId) || [];
    var blockStarts = (blocksByDoc.get(docId) || []).map(function (b) { return b; });
    var bi = 0, para = null, focus = null;
    var words = params.q ? queryWords(params.q) : [];
    sents.forEach(function (s) {
      var startsBlock = false, kind = null;
      while (bi < blockStarts.length && blockStarts[bi].start_char <= s.start_char) { startsBlock = true; kind = blockStarts[bi].kind; bi++; }
      if (!para || startsBlock) { para = el("p", { class: kind === "heading" ? "heading" : null }); append(text, para); }
      var span = el("span", { class: "sent", id: "s-" + s.sent_id, "data-sent": s.sent_id });
      appendSentence(span, s, ments, props, params, words);
      append(para, [span, " "]);
      if (params.s != null && String(s.sent_id) === String(params.s)) focus = span;
    });
    if (!sents.length) append(text, el("p", { class: "muted" }, "Aucun texte analysé pour ce document."));
    append(root, text);
    var target = focus || (params.p ? root.querySelector(".prop.focus") : null);
    if (target) {
      target.classList.add("flash");
      setTimeout(function () { target.scrollIntoView({ block: "center" }); }, 0);
    } else window.scrollTo(0, 0);
  }
  function appendSentence(node, s, ments, props, params, words) {
    var a = s.start_char, b = s.end_char, cuts = new Set([a, b]);
    var ents = ments.filter(function (m) { return m.start_char < b && m.end_char > a; });
    var ps = props.filter(function (p) { return p.start_char < b && p.end_char > a; });
    ents.forEach(function (m) { cuts.add(Math.max(a, m.start_char)); cuts.add(Math.min(b, m.end_char)); });
    ps.forEach(function (p) { cuts.add(Math.max(a, p.start_char)); cuts.add(Math.min(b, p.end_char)); });
    var points = Array.from(cuts).sort(function (x, y) { return x - y; });
    for (var k = 0; k + 1 < points.length; k++) {
      var from = points[k], to = points[k + 1], piece = s.text.slice(from - a, to - a);
      var inner = params.e || words.length ? highlightPiece(piece, s, from, to, ents, params, words) : document.createTextNode(piece);
      var ent = ents.find(function (m) { return m.start_char <= from && m.end_char >= to; });
      if (ent) {
        var mark = el("mark", { class: "ent " + ent.label, title: ent.label + " : " + ent.canonical }, inner);
        if (ent.end_char <= to || to === b) append(mark, el("span", { class: "lbl" }, ent.label));
        inner = mark;
      }
      var p = ps.find(function (x) { return x.start_char <= from && x.end_char >= to; });
      if (p) {
        inner = el("span", { class: "prop" + (params.p === p.proposal_id ? " focus" : ""), "data-proposal": p.proposal_id, title: p.proposal_id + " · " + clusterName(p.cluster_id) }, inner);
      }
      node.appendChild(inner);
    }
  }
  function highlightPiece(piece, s, from, to, ents, params, words) {
    if (params.e) {
      var hit = ents.some(function (m) { return entityKey(m) === params.e && m.start_char <= from && m.end_char >= to; });
      return hit ? el("mark", {}, piece) : document.createTextNode(piece);
    }
    return highlighted(piece, [words.join(" ")]);
  }

  // ---------------------------------------------------------------- charts
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5"];
  function clusterColor(id) { return id === -1 || id == null ? "#b8bcc6" : PALETTE[((id % PALETTE.length) + PALETTE.length) % PALETTE.length]; }
  var FONT = "system-ui, sans-serif";
  function chartRoot(w, h, label) {
    return svg("svg", { width: w, height: h, viewBox: "0 0 " + w + " " + h, role: "img", "aria-label": label, "font-family": FONT, "font-size": 12 });
  }
  function shorten(s, n) { s = String(s == null ? "" : s); return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  function barChart(items, opts) {  // items: [{label, value, color, href}]
    var rowH = 22, left = opts.left || 260, w = 820, h = 30 + items.length * rowH;
    var max = Math.max.apply(null, items.map(function (i) { return i.value; }).concat([1]));
    var root = chartRoot(w, h, opts.label);
    items.forEach(function (it, k) {
      var y = 20 + k * rowH, bw = (w - left - 80) * it.value / max;
      var g = svg("g", { class: "bar-row" }, [
        svg("text", { x: left - 8, y: y + 14, "text-anchor": "end", fill: "#1d2433" }, shorten(it.label, 42)),
        svg("rect", { x: left, y: y + 3, width: Math.max(1, bw), height: rowH - 6, fill: it.color || "#1f4fa3" }),
        svg("text", { x: left + bw + 6, y: y + 14, fill: "#5b6477" }, opts.format ? opts.format(it.value) : n0(it.value)),
      ]);
      if (it.href) { g.setAttribute("cursor", "pointer"); g.addEventListener("click", function () { location.hash = it.href; }); }
      root.appendChild(g);
    });
    return root;
  }

  function clusterSizes() {
    var rows = clusters.slice().sort(function (a, b) { return b.size - a.size || a.cluster_id - b.cluster_id; });
    var chart = barChart(rows.map(function (c) {
      return { label: clusterName(c.cluster_id), value: c.size, color: clusterColor(c.cluster_id), href: "#/propositions?cluster=" + c.cluster_id };
    }), { label: "Taille des groupes" });
    return figure("tailles-groupes", "Taille des groupes de propositions",
      "Nombre de propositions par groupe (table clusters, colonne size), " + plural(proposals.length, "proposition", "propositions") + " en tout ; cliquez une barre pour lire le groupe.",
      chart, function () { return [["cluster_id", "groupe", "propositions", "documents"], rows.map(function (c) { return [c.cluster_id, c.label, c.size, c.n_documents]; })]; });
  }

  function themesOverTime() {
    if (!themes.length || !documentThemes.length) return null;
    var dominant = new Map();
    documentThemes.forEach(function (t) {
      var cur = dominant.get(t.doc_id);
      if (!cur || t.weight > cur.weight || (t.weight === cur.weight && t.theme_id < cur.theme_id)) dominant.set(t.doc_id, t);
    });
    var years = new Set();
    dominant.forEach(function (t, docId) { var y = year(docById.get(docId)); if (y) years.add(y); });
    var byMonth = years.size <= 2;  // one or two years: months say more
    var periods = new Map();
    dominant.forEach(function (t, docId) {
      var d = docById.get(docId);
      if (!d || !d.date) return;
      var p = byMonth ? String(d.date).slice(0, 7) : String(d.date).slice(0, 4);
      if (byMonth && p.length < 7) return;
      if (!periods.has(p)) periods.set(p, new Map());
      var m = periods.get(p);
      m.set(t.theme_id, (m.get(t.theme_id) || 0) + 1);
    });
    if (!periods.size) return null;
    var keys = Array.from(periods.keys()).sort();
    var ids = themes.map(function (t) { return t.theme_id; });
    var w = 820, h = 360, left = 50, bottom = 70, top = 20, right = 10;
    var bw = (w - left - right) / keys.length;
    var root = chartRoot(w, h, "Thèmes dans le temps");
    [0, 0.25, 0.5, 0.75, 1].forEach(function (v) {
      var y = top + (h - top - bottom) * (1 - v);
      root.appendChild(svg("line", { x1: left, x2: w - right, y1: y, y2: y, stroke: "#d9dde6" }));
      root.appendChild(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", fill: "#5b6477" }, PCT.format(v)));
    });
    var rows = [];
    keys.forEach(function (p, k) {
      var m = periods.get(p), total = 0, acc = 0;
      m.forEach(function (n) { total += n; });
      ids.forEach(function (id, j) {
        var n = m.get(id) || 0, share = n / total, hh = (h - top - bottom) * share;
        rows.push([p, id, themeById.get(id).label, n, total, Math.round(share * 1000) / 1000]);
        if (!n) return;
        var y = top + (h - top - bottom) * (1 - acc) - hh;
        var r = svg("rect", { x: left + k * bw + 1, y: y, width: Math.max(1, bw - 2), height: hh, fill: PALETTE[j % PALETTE.length] });
        r.appendChild(svg("title", {}, p + " · " + themeById.get(id).label + " : " + PCT.format(share) + " (" + n0(n) + " / " + n0(total) + ")"));
        root.appendChild(r);
        acc += share;
      });
      if (keys.length <= 40 || k % Math.ceil(keys.length / 40) === 0) {
        root.appendChild(svg("text", { x: left + k * bw + bw / 2, y: h - bottom + 14, "text-anchor": "end", transform: "rotate(-45 " + (left + k * bw + bw / 2) + " " + (h - bottom + 14) + ")", fill: "#1d2433" }, p));
      }
    });
    var legend = el("div", { class: "legend" }, ids.map(function (id, j) {
      var sw = el("span", { class: "sw" });
      sw.style.background = PALETTE[j % PALETTE.length];
      return el("span", {}, [sw, themeById.get(id).label]);
    }));
    var wrap = el("div", {}, [root, legend]);
    var f = figure("themes-temps", "Thèmes dans le temps",
      "Part des documents datés de chaque " + (byMonth ? "mois" : "année") + " dont c'est le thème principal (le plus fort poids dans document_themes) ; " +
      plural(rows.reduce(function (a, r) { return a + r[3]; }, 0), "document daté", "documents datés") + ".",
      { node: wrap, exports: [["SVG", function () { exportSVG(root, "themes-temps"); }], ["PNG", function () { exportPNG(root, "themes-temps"); }]] },
      function () { return [["période", "theme_id", "thème", "documents", "documents de la période", "part"], rows]; });
    return f;
  }

  // A network drawn with a small force layout, seeded by the names' order: deterministic.
  function network(id, title, caption, edges, nodeHref, csv) {
    if (!edges.length) return null;
    var MAX_EDGES = 80;  // beyond 80 links a 820-pixel drawing is a hairball; the CSV has them all
    var shown = edges.slice().sort(function (a, b) { return b.score - a.score || COLLATOR.compare(a.a, b.a); }).slice(0, MAX_EDGES);
    var names = new Map();
    shown.forEach(function (e) { [[e.a, e.la], [e.b, e.lb]].forEach(function (x) { if (!names.has(x[0])) names.set(x[0], { name: x[0], label: x[1], deg: 0 }); }); });
    var nodes = Array.from(names.values()).sort(function (a, b) { return COLLATOR.compare(a.name, b.name); });
    var w = 820, h = 560, n = nodes.length;
    nodes.forEach(function (nd, i) { nd.x = w / 2 + 200 * Math.cos(2 * Math.PI * i / n); nd.y = h / 2 + 200 * Math.sin(2 * Math.PI * i / n); nd.dx = 0; nd.dy = 0; });
    var links = shown.map(function (e) { var s = names.get(e.a), t = names.get(e.b); s.deg++; t.deg++; return { s: s, t: t, e: e }; });
    var k = Math.sqrt((w * h) / Math.max(1, n)) * 0.45, temp = 60;
    var GRAVITY = 0.8;  // pulls separate pieces toward the centre instead of into the corners
    for (var it = 0; it < 250; it++) {
      nodes.forEach(function (v) { v.dx = 0; v.dy = 0; });
      for (var i = 0; i < n; i++) for (var j = i + 1; j < n; j++) {
        var a = nodes[i], b = nodes[j], dx = a.x - b.x, dy = a.y - b.y, d = Math.max(0.01, Math.hypot(dx, dy)), f = k * k / d;
        a.dx += dx / d * f; a.dy += dy / d * f; b.dx -= dx / d * f; b.dy -= dy / d * f;
      }
      links.forEach(function (l) {
        var dx = l.s.x - l.t.x, dy = l.s.y - l.t.y, d = Math.max(0.01, Math.hypot(dx, dy)), f = d * d / k;
        l.s.dx -= dx / d * f; l.s.dy -= dy / d * f; l.t.dx += dx / d * f; l.t.dy += dy / d * f;
      });
      nodes.forEach(function (v) {
        v.dx -= GRAVITY * (v.x - w / 2); v.dy -= GRAVITY * (v.y - h / 2);
        var d = Math.max(0.01, Math.hypot(v.dx, v.dy)), m = Math.min(d, temp);
        v.x = Math.min(w - 60, Math.max(60, v.x + v.dx / d * m));
        v.y = Math.min(h - 20, Math.max(20, v.y + v.dy / d * m));
      });
      temp *= 0.98;
    }
    // The layout stretched to the drawing (labels need 170 pixels on the right).
    var bx0 = Math.min.apply(null, nodes.map(function (v) { return v.x; })), bx1 = Math.max.apply(null, nodes.map(function (v) { return v.x; }));
    var by0 = Math.min.apply(null, nodes.map(function (v) { return v.y; })), by1 = Math.max.apply(null, nodes.map(function (v) { return v.y; }));
    nodes.forEach(function (v) {
      v.x = 20 + (v.x - bx0) / ((bx1 - bx0) || 1) * (w - 190);
      v.y = 20 + (v.y - by0) / ((by1 - by0) || 1) * (h - 40);
    });
    var maxScore = Math.max.apply(null, shown.map(function (e) { return e.score; }));
    var root = chartRoot(w, h, title);
    links.forEach(function (l) {
      var line = svg("line", { x1: l.s.x, y1: l.s.y, x2: l.t.x, y2: l.t.y, stroke: "#8a93a6", "stroke-opacity": 0.6, "stroke-width": 0.5 + 3 * l.e.score / maxScore });
      line.appendChild(svg("title", {}, l.e.a + " — " + l.e.b + " : " + plural(l.e.n, "unité", "unités") + ", score " + NF1.format(l.e.score)));
      root.appendChild(line);
    });
    var labels = Array.from(new Set(nodes.map(function (v) { return v.label || ""; }))).sort();
    nodes.forEach(function (v) {
      var g = svg("g", { class: "node", cursor: "pointer" }, [
        svg("circle", { cx: v.x, cy: v.y, r: 4 + Math.sqrt(v.deg) * 2, fill: v.label ? PALETTE[labels.indexOf(v.label) % PALETTE.length] : "#1f4fa3" }),
        svg("text", { x: v.x + 8, y: v.y + 4, fill: "#1d2433" }, shorten(v.name, 30)),
      ]);
      g.addEventListener("click", function () { location.hash = nodeHref(v); });
      root.appendChild(g);
    });
    return figure(id, title, caption + " Les " + n0(shown.length) + " liens les plus forts sur " + n0(edges.length) + " ; cliquez un nœud pour sa concordance.", root, csv);
  }

  function specificitiesChart(root) {
    var rows = table("specificities");
    if (!rows.length) return;
    var groups = new Map();
    rows.forEach(function (r) { var k = r.group_by + "\u0000" + r.group; if (!groups.has(k)) groups.set(k, []); groups.get(k).push(r); });
    var keys = Array.from(groups.keys()).sort(COLLATOR.compare);
    var select = el("select", { "aria-label": "Groupe", class: "spec-group" }, keys.map(function (k) {
      var p = k.split("\u0000");
      return el("option", { value: k }, p[0] + " = " + p[1] + " (" + n0(groups.get(k).length) + ")");
    }));
    var holder = el("div");
    function draw() {
      var list = groups.get(select.value).slice().sort(function (a, b) { return (b.direction === "over") - (a.direction === "over") || Math.abs(b.score) - Math.abs(a.score); });
      var items = list.slice(0, 40).map(function (r) {  // 40 bars: the CSV has every row
        return { label: r.term + (r.direction === "under" ? " (sous)" : ""), value: Math.abs(r.score), color: r.direction === "over" ? "#1f4fa3" : "#a33a1f", href: concordanceHash({ q: r.term }) };
      });
      var p = select.value.split("\u0000");
      clear(holder);
      append(holder, figure("specificites", "Spécificités : " + p[0] + " = " + p[1],
        "Termes sur-représentés (bleu) et sous-représentés (rouge) dans ce groupe par rapport au corpus : score de spécificité (table specificities), " +
        plural(Math.min(40, list.length), "terme affiché", "termes affichés") + " sur " + n0(list.length) + ".",
        barChart(items, { label: "Spécificités", format: NF1.format }),
        function () { return [["regroupement", "groupe", "terme", "fréquence", "attendu", "score", "sens"], rows.map(function (r) { return [r.group_by, r.group, r.term, r.count, r.expected, r.score, fr(r.direction)]; })]; }));
    }
    select.addEventListener("change", draw);
    append(root, el("div", { class: "controls" }, el("label", {}, ["Groupe de documents", select])));
    append(root, holder);
    draw();
  }

  function runChanges() {
    var rows = table("run_changes");
    if (!rows.length) return null;
    var counts = new Map();
    rows.forEach(function (r) { counts.set(r.kind, (counts.get(r.kind) || 0) + 1); });
    var items = Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1]; }).map(function (e) { return { label: fr(e[0]), value: e[1] }; });
    var wrap = el("div");
    var chart = barChart(items, { label: "Changements depuis le passage précédent" });
    append(wrap, chart);
    var t = el("table", { class: "changes" });
    append(t, el("tr", {}, ["Changement", "Objet", "Avant", "Après", "Détail"].map(function (h) { return el("th", {}, h); })));
    rows.forEach(function (r) {
      append(t, el("tr", {}, [el("td", {}, fr(r.kind)), el("td", {}, r.label || r.object_id), el("td", { class: "num" }, n0(r.before)), el("td", { class: "num" }, n0(r.after)), el("td", {}, r.detail)]));
    });
    append(wrap, t);
    return figure("changements", "Ce qui a changé depuis le passage précédent",
      "Nombre de changements par sorte (table run_changes) : documents nouveaux, modifiés ou retirés, groupes nouveaux, agrandis, réduits ou fusionnés, propositions déplacées.",
      { node: wrap, exports: [["SVG", function () { exportSVG(chart, "changements"); }], ["PNG", function () { exportPNG(chart, "changements"); }]] },
      function () { return [["sorte", "objet", "libellé", "avant", "après", "détail"], rows.map(function (r) { return [r.kind, r.object_id, r.label, r.before, r.after, r.detail]; })]; });
  }

  // ---------------------------------------------------------------- maps
  var mapApi = {};
  function proposalMap() {
    var pts = table("proposal_map");
    if (!pts.length) return null;
    var W = 860, H = 560, pad = 14;
    var n = pts.length, xs = new Float64Array(n), ys = new Float64Array(n), cl = new Int32Array(n);
    pts.forEach(function (p, i) { xs[i] = p.x; ys[i] = p.y; cl[i] = p.cluster_id == null ? -1 : p.cluster_id; });
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;  // no Math.min.apply: 100,000 arguments
    for (var i = 0; i < n; i++) { x0 = Math.min(x0, xs[i]); x1 = Math.max(x1, xs[i]); y0 = Math.min(y0, ys[i]); y1 = Math.max(y1, ys[i]); }
    var sx = (W - 2 * pad) / ((x1 - x0) || 1), sy = (H - 2 * pad) / ((y1 - y0) || 1), s = Math.min(sx, sy);
    var px = new Float64Array(n), py = new Float64Array(n);  // drawn positions, in pixels
    for (i = 0; i < n; i++) { px[i] = pad + (xs[i] - x0) * s; py[i] = H - pad - (ys[i] - y0) * s; }
    var r = pts.length > 20000 ? 1.5 : pts.length > 2000 ? 2.5 : 4;  // points stay apart as they multiply
    var canvas = el("canvas", { width: W, height: H, class: "proposal-map", "aria-label": "Carte des propositions" });
    var ratio = window.devicePixelRatio || 1;
    canvas.width = W * ratio; canvas.height = H * ratio; canvas.style.width = W + "px"; canvas.style.height = H + "px";
    var ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    for (i = 0; i < n; i++) { ctx.fillStyle = clusterColor(cl[i]); ctx.beginPath(); ctx.arc(px[i], py[i], r, 0, 2 * Math.PI); ctx.fill(); }
    var CELL = 10, grid = new Map();
    for (i = 0; i < n; i++) { var key = Math.floor(px[i] / CELL) + "," + Math.floor(py[i] / CELL); if (!grid.has(key)) grid.set(key, []); grid.get(key).push(i); }
    function nearest(x, y) {
      var best = -1, bd = 8 * 8, cx = Math.floor(x / CELL), cy = Math.floor(y / CELL);
      for (var i = -1; i <= 1; i++) for (var j = -1; j <= 1; j++) (grid.get((cx + i) + "," + (cy + j)) || []).forEach(function (k) {
        var d = (px[k] - x) * (px[k] - x) + (py[k] - y) * (py[k] - y);
        if (d < bd) { bd = d; best = k; }
      });
      return best < 0 ? null : best;
    }
    var tip = el("div", { class: "tooltip", hidden: "hidden" });
    var wrap = el("div", { class: "mapwrap" }, [canvas, tip]);
    function at(ev) { var b = canvas.getBoundingClientRect(); return nearest(ev.clientX - b.left, ev.clientY - b.top); }
    canvas.addEventListener("mousemove", function (ev) {
      var k = at(ev);
      if (k == null) { tip.hidden = true; return; }
      var p = pts[k], prop = proposalById.get(p.proposal_id) || {};
      clear(tip);
      append(tip, [el("div", { class: "id" }, p.proposal_id + " · " + clusterName(p.cluster_id) + (p.fitted === false ? " · placée" : "")), el("div", {}, shorten(prop.text, 300)),
        el("div", { class: "muted" }, docTitle(docById.get(prop.doc_id)))]);
      tip.style.left = Math.min(px[k] + 12, W - 200) + "px";
      tip.style.top = (py[k] + 12) + "px";
      tip.hidden = false;
    });
    canvas.addEventListener("mouseleave", function () { tip.hidden = true; });
    canvas.addEventListener("click", function (ev) {
      var k = at(ev), prop = k != null && proposalById.get(pts[k].proposal_id);
      if (prop) location.hash = "#/document/" + encodeURIComponent(prop.doc_id) + "?p=" + encodeURIComponent(prop.proposal_id);
    });
    mapApi.point = function (id) {  // where a proposal is drawn, in the page's coordinates
      var k = pts.findIndex(function (q) { return q.proposal_id === id; });
      if (k < 0) return null;
      var b = canvas.getBoundingClientRect();
      return { x: b.left + px[k], y: b.top + py[k] };
    };
    function asSVG() {
      var root = chartRoot(W, H, "Carte des propositions");
      root.appendChild(svg("rect", { x: 0, y: 0, width: W, height: H, fill: "#fff" }));
      for (var k = 0; k < n; k++) root.appendChild(svg("circle", { cx: px[k].toFixed(1), cy: py[k].toFixed(1), r: r, fill: clusterColor(cl[k]) }));
      return root;
    }
    var ids = Array.from(new Set(pts.map(function (p) { return p.cluster_id; }))).sort(function (a, b) { return a - b; });
    var legend = el("div", { class: "legend" }, ids.map(function (id) {
      var sw = el("span", { class: "sw" });
      sw.style.background = clusterColor(id);
      return el("a", { href: "#/propositions?cluster=" + id }, [sw, clusterName(id)]);
    }));
    var nFitted = pts.filter(function (p) { return p.fitted !== false; }).length;
    return figure("carte-propositions", "Carte des propositions",
      "Chaque point est une proposition (table proposal_map), placée en deux dimensions d'après la représentation du regroupement et colorée par groupe ; " +
      plural(pts.length, "proposition", "propositions") + ", dont " + n0(nFitted) + " dans l'échantillon sur lequel la projection a été ajustée. Survolez un point pour lire la proposition, cliquez pour l'ouvrir dans son document.",
      { node: el("div", {}, [wrap, legend]), exports: [["SVG", function () { exportSVG(asSVG(), "carte-propositions"); }],
        ["PNG", function () { canvas.toBlob(function (b) { download("carte-propositions.png", b); }, "image/png"); }]] },
      function () { return [["proposal_id", "cluster_id", "groupe", "x", "y", "ajustée", "texte"], pts.map(function (p) { return [p.proposal_id, p.cluster_id, clusterName(p.cluster_id), p.x, p.y, p.fitted, (proposalById.get(p.proposal_id) || {}).text]; })]; });
  }

  function clusterMap() {
    var rows = table("cluster_map");
    if (!rows.length) return null;
    var W = 860, H = 520, pad = 60;
    var xs = rows.map(function (c) { return c.x; }), ys = rows.map(function (c) { return c.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var maxSize = Math.max.apply(null, rows.map(function (c) { return c.size; }).concat([1]));
    var root = chartRoot(W, H, "Carte des groupes");
    var hasGroups = rows.some(function (c) { return c.group_id != null; });
    rows.slice().sort(function (a, b) { return b.size - a.size; }).forEach(function (c) {
      var cx = pad + (c.x - x0) / ((x1 - x0) || 1) * (W - 2 * pad), cy = H - pad - (c.y - y0) / ((y1 - y0) || 1) * (H - 2 * pad);
      var rad = 6 + 34 * Math.sqrt(c.size / maxSize);
      var g = svg("g", { class: "cluster-bubble", cursor: "pointer", "data-cluster": c.cluster_id }, [
        svg("circle", { cx: cx, cy: cy, r: rad, fill: hasGroups ? PALETTE[(c.group_id || 0) % PALETTE.length] : clusterColor(c.cluster_id), "fill-opacity": 0.55, stroke: "#1d2433", "stroke-width": 0.5 }),
        svg("text", { x: cx, y: cy + 4, "text-anchor": "middle", fill: "#1d2433" }, shorten(clusterName(c.cluster_id), 28)),
      ]);
      g.firstChild.appendChild(svg("title", {}, clusterName(c.cluster_id) + " : " + plural(c.size, "proposition", "propositions")));
      g.addEventListener("click", function () { location.hash = "#/propositions?cluster=" + c.cluster_id; });
      root.appendChild(g);
    });
    return figure("carte-groupes", "Carte des groupes",
      "Chaque disque est un groupe (table cluster_map) : aire proportionnelle au nombre de propositions, groupes proches dans la représentation du regroupement placés près l'un de l'autre" +
      (hasGroups ? ", couleur par groupe de niveau supérieur" : "") + ". Cliquez un disque pour lire le groupe.",
      root, function () { return [["cluster_id", "groupe", "x", "y", "propositions", "group_id"], rows.map(function (c) { return [c.cluster_id, clusterName(c.cluster_id), c.x, c.y, c.size, c.group_id]; })]; });
  }

  // ---------------------------------------------------------------- views and routing
  var rendered = {};
  function renderMaps(root) {
    clear(root);
    append(root, el("h2", {}, "Cartes"));
    var figs = [proposalMap(), clusterMap()].filter(Boolean);
    if (!figs.length) append(root, el("p", { class: "muted" }, "Ce passage n'a pas produit de carte (tables proposal_map et cluster_map absentes)."));
    append(root, figs);
  }
  function renderCharts(root) {
    clear(root);
    append(root, el("h2", {}, "Graphiques"));
    append(root, [clusters.length ? clusterSizes() : null, themesOverTime(), runChanges()].filter(Boolean));
    var co = table("cooccurrences").map(function (r) { return { a: r.term_a, b: r.term_b, n: r.n_units, score: r.score }; });
    var nf = network("reseau-termes", "Réseau des termes clés", "Deux termes sont liés quand ils apparaissent dans les mêmes unités (table cooccurrences) ; épaisseur selon le score d'association.",
      co, function (v) { return concordanceHash({ q: v.name }); },
      function () { return [["terme_a", "terme_b", "unités", "score"], co.map(function (e) { return [e.a, e.b, e.n, e.score]; })]; });
    if (nf) append(root, nf);
    var ec = table("entity_cooccurrences").map(function (r) { return { a: r.entity_a, la: r.label_a, b: r.entity_b, lb: r.label_b, n: r.n_units, score: r.score }; });
    var canonical = new Map();
    entityIndex.forEach(function (e) { canonical.set(e.label + "|" + e.canonical, entityKey(e)); });
    var ne = network("reseau-entites", "Réseau des entités", "Deux entités sont liées quand elles sont mentionnées dans les mêmes unités (table entity_cooccurrences) ; couleur selon la catégorie.",
      ec, function (v) { var k = canonical.get(v.label + "|" + v.name); return k ? concordanceHash({ entity: k }) : concordanceHash({ q: v.name }); },
      function () { return [["entité_a", "catégorie_a", "entité_b", "catégorie_b", "unités", "score"], ec.map(function (e) { return [e.a, e.la, e.b, e.lb, e.n, e.score]; })]; });
    if (ne) append(root, ne);
    var spec = el("div");
    append(root, spec);
    specificitiesChart(spec);
  }

  var VIEWS = ["apercu", "propositions", "groupes", "documents", "entites", "termes", "concordance", "document", "cartes", "graphiques"];
  function route() {
    var h = location.hash.replace(/^#\/?/, "");
    var q = h.indexOf("?"), path = q < 0 ? h : h.slice(0, q);
    var params = Object.fromEntries(new URLSearchParams(q < 0 ? "" : h.slice(q + 1)));
    var parts = path.split("/"), name = parts[0] || "apercu", arg = parts.slice(1).map(decodeURIComponent).join("/");
    if (VIEWS.indexOf(name) < 0) name = "apercu";
    VIEWS.forEach(function (v) {
      var s = document.getElementById("view-" + v);
      if (s) s.hidden = v !== name;
    });
    document.querySelectorAll("nav a").forEach(function (a) { a.classList.toggle("active", a.getAttribute("href") === "#/" + name); });
    var root = document.getElementById("view-" + name);
    if (name !== "apercu") loadCore();
    var lists = { propositions: proposalList, groupes: clusterList, documents: documentList, entites: entityList, termes: termList };
    if (lists[name]) {
      if (!rendered[name]) { lists[name].mount(root); rendered[name] = true; }
      if (name === "propositions" && "cluster" in params) proposalList.setFacet("cluster", params.cluster === "" ? null : params.cluster);
      if (params.q != null) lists[name].setQuery(params.q);
    } else if (name === "concordance") whenText(function () { renderConcordance(root, params); });
    else if (name === "document") whenText(function () { renderDocument(root, arg, params); });
    else if (name === "cartes") whenTables(MAP_TABLES, function () { if (!rendered.cartes) { rendered.cartes = true; renderMaps(root); } });
    else if (name === "graphiques" && !rendered.graphiques) { renderCharts(root); rendered.graphiques = true; }
    if (name !== "document") window.scrollTo(0, 0);
  }
  // Shares in the overview's tables shade their cell (CSSOM: no inline style attribute).
  document.querySelectorAll("[data-share]").forEach(function (td) {
    td.style.background = "rgba(31,79,163," + (+td.getAttribute("data-share") / 100) + ")";
  });
  window.addEventListener("hashchange", route);
  route();
  // For tests and bench/report_page.py: when the page became usable, and where map points are.
  window.textmine = { map: mapApi, readyAt: performance.now(), lastExport: function () { return lastExport; } };
  document.documentElement.setAttribute("data-ready", "1");
})();
