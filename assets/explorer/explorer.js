// The schedule explorer: steps through a failing interleaving recorded by the harness
// (a `workbook-trace` JSON document, schema version 1; see book/instructors.md).
//
// Every element with the class `trace-explorer` that holds a
// `<script type="application/json" class="trace-data">` becomes an explorer. Without
// JavaScript the element's pre-rendered schedule card stays as it is.
(function () {
  "use strict";

  var SUPPORTED_VERSION = 1;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") {
        node.textContent = attrs[key];
      } else {
        node.setAttribute(key, attrs[key]);
      }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function threadName(trace, id) {
    for (var i = 0; i < trace.threads.length; i++) {
      if (trace.threads[i].id === id) {
        return trace.threads[i].name;
      }
    }
    return "thread " + id;
  }

  function names(trace, ids) {
    return ids.map(function (id) { return threadName(trace, id); }).join(", ");
  }

  function place(step) {
    return step.file ? step.file + ":" + step.line : "";
  }

  // One explorer, drawn into `root` from `trace`.
  function Explorer(root, trace) {
    this.root = root;
    this.trace = trace;
    this.failure = trace.failure.step === null || trace.failure.step === undefined
      ? trace.steps.length - 1
      : trace.failure.step;
    this.current = 0;
    this.build();
    this.show(0);
  }

  Explorer.prototype.build = function () {
    var self = this;
    var trace = this.trace;
    var root = this.root;
    root.classList.add("trace-explorer-live");
    root.setAttribute("tabindex", "0");
    root.setAttribute("role", "group");
    root.setAttribute(
      "aria-label",
      "Schedule explorer for " + trace.test + ": left and right arrow keys step, Home goes to the first step, End jumps to the failing step"
    );

    var heading = el("p", { "class": "tx-heading" }, [
      el("strong", { text: trace.test }),
      " — " + trace.failure.label + " [" + trace.failure["class"] + "]"
    ]);

    var buttons = el("div", { "class": "tx-controls" });
    function button(label, title, action, name) {
      var b = el("button", { type: "button", title: title, "aria-label": title, "data-action": name, text: label });
      b.addEventListener("click", function () {
        action();
        self.root.focus();
      });
      buttons.appendChild(b);
      return b;
    }
    this.firstButton = button("« first", "First step (Home)", function () { self.show(0); }, "first");
    this.backButton = button("◀ back", "Step back (left arrow)", function () { self.show(self.current - 1); }, "back");
    this.forwardButton = button("forward ▶", "Step forward (right arrow)", function () { self.show(self.current + 1); }, "forward");
    this.failButton = button("✗ failure", "Jump to the failing step (End)", function () { self.show(self.failure); }, "failure");
    this.counter = el("span", { "class": "tx-counter", "aria-live": "polite" });
    buttons.appendChild(this.counter);

    // One column per thread; a row per step, shown up to the current one.
    var table = el("table", { "class": "tx-steps" });
    var head = el("tr", {}, [el("th", { scope: "col", text: "step" })]);
    trace.threads.forEach(function (t) {
      head.appendChild(el("th", { scope: "col", text: t.name }));
    });
    table.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    this.rows = trace.steps.map(function (step) {
      var row = el("tr", { "data-step": String(step.index) });
      row.appendChild(el("th", { scope: "row", text: String(step.index + 1) }));
      trace.threads.forEach(function (t) {
        var cell = el("td");
        if (t.id === step.thread) {
          var text = step.text + (step.remark ? " (" + step.remark + ")" : "");
          cell.appendChild(el("span", { "class": "tx-op", text: text }));
          if (step.file) {
            cell.appendChild(el("span", { "class": "tx-place", text: " " + place(step) }));
          }
          if (step.kind === "failure") {
            row.classList.add("tx-failure-row");
          }
        }
        row.appendChild(cell);
      });
      body.appendChild(row);
      return row;
    });
    table.appendChild(body);
    var scroller = el("div", { "class": "tx-scroller" }, [table]);

    this.source = el("div", { "class": "tx-source" });
    this.state = el("div", { "class": "tx-state" });
    this.explain = el("div", { "class": "tx-explain" });

    var panels = el("div", { "class": "tx-panels" }, [
      el("section", { "class": "tx-panel", "aria-label": "current step" }, [el("h4", { text: "This step" }), this.source]),
      el("section", { "class": "tx-panel", "aria-label": "shared state" }, [el("h4", { text: "Shared state after it" }), this.state])
    ]);

    var what = el("section", { "class": "tx-what" }, [el("h4", { text: "What went wrong" })]);
    trace.failure.what.forEach(function (line) {
      what.appendChild(el("p", { text: line }));
    });
    what.appendChild(this.explain);

    // The pre-rendered card stays, folded, for whoever wants the terminal's view.
    var card = root.querySelector(".tx-card");
    var details = null;
    if (card) {
      details = el("details", { "class": "tx-card-details" }, [el("summary", { text: "the schedule card as the terminal shows it" })]);
      card.parentNode.replaceChild(details, card);
      details.appendChild(card);
    }
    root.appendChild(heading);
    root.appendChild(buttons);
    root.appendChild(scroller);
    root.appendChild(panels);
    root.appendChild(what);
    if (details) {
      root.appendChild(details);
    }

    root.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var handled = true;
      if (event.key === "ArrowRight") {
        self.show(self.current + 1);
      } else if (event.key === "ArrowLeft") {
        self.show(self.current - 1);
      } else if (event.key === "Home") {
        self.show(0);
      } else if (event.key === "End") {
        self.show(self.failure);
      } else {
        handled = false;
      }
      if (handled) {
        event.preventDefault();
      }
    });
  };

  Explorer.prototype.show = function (index) {
    var trace = this.trace;
    var last = trace.steps.length - 1;
    if (last < 0) {
      this.counter.textContent = "no steps were recorded";
      return;
    }
    index = Math.max(0, Math.min(last, index));
    this.current = index;
    var step = trace.steps[index];
    this.root.setAttribute("data-current", String(index));

    this.rows.forEach(function (row, i) {
      row.hidden = i > index;
      row.classList.toggle("tx-current", i === index);
      if (i === index) {
        row.setAttribute("aria-current", "step");
      } else {
        row.removeAttribute("aria-current");
      }
      row.querySelector("th").textContent = (i === index ? "▶ " : "") + String(i + 1);
    });
    var row = this.rows[index];
    if (row && row.scrollIntoView) {
      row.scrollIntoView({ block: "nearest" });
    }
    this.counter.textContent = "step " + (index + 1) + " of " + trace.steps.length +
      (index === this.failure ? " — ✗ the failing step" : "");
    this.backButton.disabled = index === 0;
    this.firstButton.disabled = index === 0;
    this.forwardButton.disabled = index === last;

    // The step, its thread and its source line.
    var source = this.source;
    source.textContent = "";
    source.appendChild(el("p", {}, [el("strong", { text: threadName(trace, step.thread) }), " " + step.text]));
    var facts = [];
    if (step.object) { facts.push(["object", step.object + (step.field && step.field !== step.object ? " (field " + step.field + ")" : "")]); }
    if (step.ordering) { facts.push(["ordering", step.ordering]); }
    if (step.read !== null && step.read !== undefined) { facts.push(["read", step.read]); }
    if (step.wrote !== null && step.wrote !== undefined) { facts.push(["wrote", step.wrote]); }
    if (step.cas) { facts.push(["compare-exchange", step.cas]); }
    if (step.remark) { facts.push(["note", step.remark]); }
    if (facts.length) {
      var dl = el("dl", { "class": "tx-facts" });
      facts.forEach(function (f) {
        dl.appendChild(el("dt", { text: f[0] }));
        dl.appendChild(el("dd", { text: f[1] }));
      });
      source.appendChild(dl);
    }
    if (step.file) {
      source.appendChild(el("p", { "class": "tx-where", text: place(step) }));
      source.appendChild(el("pre", { "class": "tx-line" }, [el("code", { text: step.source || "(source not found)" })]));
    }

    // The shared state after the step.
    var state = this.state;
    var s = step.state;
    state.textContent = "";
    var table = el("table", { "class": "tx-state-table" });
    table.appendChild(el("thead", {}, [el("tr", {}, [
      el("th", { scope: "col", text: "object" }),
      el("th", { scope: "col", text: "state" })
    ])]));
    var body = el("tbody");
    function line(object, text, kind) {
      body.appendChild(el("tr", { "data-object": object, "data-kind": kind }, [
        el("th", { scope: "row", text: object }),
        el("td", { text: text })
      ]));
    }
    Object.keys(s.values).forEach(function (object) {
      var text = "value " + s.values[object];
      var views = s.views[object] || {};
      Object.keys(views).forEach(function (t) {
        text += "; " + threadName(trace, Number(t)) + " last saw " + views[t];
      });
      line(object, text, "value");
    });
    Object.keys(s.holders).forEach(function (lock) {
      line(lock, "held by " + names(trace, s.holders[lock]), "lock");
    });
    Object.keys(s.waiters).forEach(function (condvar) {
      line(condvar, "asleep on it: " + names(trace, s.waiters[condvar]), "condvar");
    });
    trace.objects.forEach(function (o) {
      if (o.kind === "lock" && !s.holders[o.name]) {
        line(o.name, "free", "lock");
      }
    });
    table.appendChild(body);
    if (body.childNodes.length) {
      state.appendChild(table);
    } else {
      state.appendChild(el("p", { text: "No shared object has been touched yet." }));
    }
    var notes = el("ul", { "class": "tx-threads" });
    trace.threads.forEach(function (t) {
      var status;
      if (s.finished.indexOf(t.id) >= 0) {
        status = "finished";
      } else if (s.blocked[t.id] !== undefined) {
        status = "blocked: " + s.blocked[t.id];
      } else {
        status = "runnable";
      }
      notes.appendChild(el("li", { "data-thread": String(t.id), text: t.name + ": " + status }));
    });
    state.appendChild(notes);

    // The card's verdict on the failing step.
    this.explain.textContent = "";
    if (index === this.failure) {
      this.explain.appendChild(el("p", { "class": "tx-verdict", text: step.text + " — " + trace.failure.message }));
      this.explain.appendChild(el("p", { text: trace.failure.advice }));
    } else {
      this.explain.appendChild(el("p", { text: "Step on to the ✗ step (End) to see where this interleaving fails." }));
    }
  };

  function mount(root) {
    if (root.classList.contains("trace-explorer-live")) {
      return;
    }
    var data = root.querySelector("script.trace-data");
    if (!data) {
      return;
    }
    var trace;
    try {
      trace = JSON.parse(data.textContent);
    } catch (e) {
      return; // the pre-rendered card stays
    }
    if (trace.schema !== "workbook-trace" || trace.version !== SUPPORTED_VERSION) {
      return;
    }
    new Explorer(root, trace);
  }

  function mountAll() {
    var roots = document.querySelectorAll(".trace-explorer");
    for (var i = 0; i < roots.length; i++) {
      mount(roots[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
