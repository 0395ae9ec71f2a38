// Play the scheduler: the reader picks which thread takes the next step (and, for a
// load, which store it reads where the memory model allows) and tries to reach the
// failure. The legal moves come from a small interpreter of the steps the schedule
// card shows (load, store, fetch_add, lock, unlock, wait, notify_one, ...), never from
// a script of moves.
//
// Every element `<div class="scheduler-puzzle" data-puzzle="NAME">` becomes the puzzle
// NAME of PUZZLES below. Without JavaScript the element's own text stays.
(function () {
  "use strict";

  // A program is a list of steps per thread. `reg` names a thread's local variable;
  // a value is a number, `{ reg, add }` (a register plus a constant) or `{ not: reg }`.
  // `skip_if`: jump to the step labelled `to` when the register compares as given.
  var PUZZLES = {
    "lost-update": {
      title: "The lost update",
      goal: "Make the final count 1 although two threads each added one.",
      objects: { count: 0 },
      threads: [
        [
          { op: "load", obj: "count", into: "seen", order: "Relaxed" },
          { op: "store", obj: "count", value: { reg: "seen", add: 1 }, order: "Relaxed" }
        ],
        [
          { op: "load", obj: "count", into: "seen", order: "Relaxed" },
          { op: "store", obj: "count", value: { reg: "seen", add: 1 }, order: "Relaxed" }
        ]
      ],
      finally: { obj: "count", equals: 2, message: "count is {value}, not 2: an increment was lost" }
    },
    "check-then-act": {
      title: "Check, then act",
      goal: "Sell the last ticket twice.",
      objects: { left: 1, sold: 0 },
      threads: [
        [
          { op: "load", obj: "left", into: "l", order: "SeqCst" },
          { op: "skip_if", reg: "l", equals: 0, to: "end" },
          { op: "store", obj: "left", value: { reg: "l", add: -1 }, order: "SeqCst" },
          { op: "fetch_add", obj: "sold", value: 1, order: "SeqCst" },
          { label: "end", op: "finish" }
        ],
        [
          { op: "load", obj: "left", into: "l", order: "SeqCst" },
          { op: "skip_if", reg: "l", equals: 0, to: "end" },
          { op: "store", obj: "left", value: { reg: "l", add: -1 }, order: "SeqCst" },
          { op: "fetch_add", obj: "sold", value: 1, order: "SeqCst" },
          { label: "end", op: "finish" }
        ]
      ],
      finally: { obj: "sold", equals: 1, message: "{value} tickets were sold, with one left to sell" }
    },
    "lock-order": {
      title: "Two locks, two orders",
      goal: "Stop both threads for good.",
      objects: {},
      locks: ["a", "b"],
      threads: [
        [
          { op: "lock", obj: "a" },
          { op: "lock", obj: "b" },
          { op: "unlock", obj: "b" },
          { op: "unlock", obj: "a" }
        ],
        [
          { op: "lock", obj: "b" },
          { op: "lock", obj: "a" },
          { op: "unlock", obj: "a" },
          { op: "unlock", obj: "b" }
        ]
      ]
    },
    "lost-wakeup": {
      title: "The lost wake-up",
      goal: "Leave the waiter asleep with nobody left to wake it.",
      objects: { ready: 0 },
      locks: ["state"],
      condvars: ["changed"],
      threads: [
        [
          { op: "lock", obj: "state" },
          { op: "load", obj: "ready", into: "r", order: "SeqCst" },
          { op: "skip_if", reg: "r", equals: 1, to: "done" },
          { op: "wait", obj: "changed", mutex: "state" },
          { label: "done", op: "unlock", obj: "state" }
        ],
        [
          { op: "store", obj: "ready", value: 1, order: "SeqCst" },
          { op: "notify_one", obj: "changed" }
        ]
      ]
    },
    "relaxed-message": {
      title: "A message with Relaxed orderings",
      goal: "Let the reader see the flag but not the data it announces.",
      objects: { data: 0, ready: 0 },
      threads: [
        [
          { op: "store", obj: "data", value: 42, order: "Relaxed" },
          { op: "store", obj: "ready", value: 1, order: "Relaxed" }
        ],
        [
          { op: "load", obj: "ready", into: "r", order: "Relaxed" },
          { op: "skip_if", reg: "r", equals: 0, to: "end" },
          { op: "load", obj: "data", into: "d", order: "Relaxed" },
          { op: "assert", reg: "d", equals: 42, message: "the reader saw ready = 1 but data = {value}" },
          { label: "end", op: "finish" }
        ]
      ]
    }
  };

  function threadName(i) {
    return "thread " + (i + 1);
  }

  function valueText(value) {
    if (typeof value === "number") { return String(value); }
    if (value.reg !== undefined) {
      return value.reg + (value.add > 0 ? " + " + value.add : value.add < 0 ? " - " + (-value.add) : "");
    }
    return JSON.stringify(value);
  }

  // The step as the schedule card words it.
  function stepText(step) {
    switch (step.op) {
      case "load": return step.into + " = load " + step.obj + " " + step.order;
      case "store": return "store " + step.obj + " " + step.order + " ← " + valueText(step.value);
      case "fetch_add": return "fetch_add " + step.obj + " " + step.order + " + " + step.value;
      case "lock": return "lock " + step.obj;
      case "unlock": return "unlock " + step.obj;
      case "wait": return "wait on " + step.obj + " (unlocks " + step.mutex + ")";
      case "notify_one": return "notify_one " + step.obj;
      case "skip_if": return "if " + step.reg + " == " + step.equals + ": go to " + step.to;
      case "assert": return "assert " + step.reg + " == " + step.equals;
      case "finish": return "finishes";
      default: return step.op;
    }
  }

  // The interpreter: a state, the legal moves from it, and the move's effect.
  function Machine(puzzle) {
    var self = this;
    this.puzzle = puzzle;
    // Each atomic's stores in modification order: { value, thread, view }.
    this.history = {};
    Object.keys(puzzle.objects).forEach(function (obj) {
      self.history[obj] = [{ value: puzzle.objects[obj], thread: null, view: {} }];
    });
    this.holders = {};
    (puzzle.locks || []).forEach(function (l) { self.holders[l] = null; });
    this.waiters = {};
    (puzzle.condvars || []).forEach(function (c) { self.waiters[c] = []; });
    this.threads = puzzle.threads.map(function () {
      // pc: next step; view: per object, the oldest store the thread may still read;
      // phase: "run" | "asleep" (waiting for a notify) | "relock" (notified, needs the
      // mutex back) | "done".
      return { pc: 0, regs: {}, view: {}, phase: "run", relock: null };
    });
    this.log = [];
    this.failure = null;
  }

  Machine.prototype.latest = function (obj) {
    var h = this.history[obj];
    return h[h.length - 1].value;
  };

  Machine.prototype.label = function (t, name) {
    var program = this.puzzle.threads[t];
    for (var i = 0; i < program.length; i++) {
      if (program[i].label === name) { return i; }
    }
    return program.length;
  };

  // The legal moves: { thread, choice } where choice is the index of the store a
  // load reads (null for other steps).
  Machine.prototype.moves = function () {
    var self = this;
    var moves = [];
    if (this.failure) { return moves; }
    this.threads.forEach(function (th, t) {
      if (th.phase === "done" || th.phase === "asleep") { return; }
      if (th.phase === "relock") {
        if (self.holders[th.relock] === null) { moves.push({ thread: t, choice: null }); }
        return;
      }
      var step = self.puzzle.threads[t][th.pc];
      if (step.op === "lock" && self.holders[step.obj] !== null) { return; }
      if (step.op === "load") {
        var h = self.history[step.obj];
        var oldest = th.view[step.obj] || 0;
        // SeqCst (and any read-modify-write) reads the latest store; a plain load may
        // read any store not older than the last one this thread saw.
        var from = step.order === "SeqCst" ? h.length - 1 : oldest;
        for (var i = h.length - 1; i >= from; i--) {
          moves.push({ thread: t, choice: i });
        }
        return;
      }
      moves.push({ thread: t, choice: null });
    });
    return moves;
  };

  Machine.prototype.value = function (t, value) {
    if (typeof value === "number") { return value; }
    return this.threads[t].regs[value.reg] + (value.add || 0);
  };

  Machine.prototype.write = function (t, obj, value, order) {
    var th = this.threads[t];
    var h = this.history[obj];
    h.push({ value: value, thread: t, view: order === "Relaxed" ? {} : Object.assign({}, th.view) });
    th.view[obj] = h.length - 1;
  };

  Machine.prototype.play = function (move) {
    var t = move.thread;
    var th = this.threads[t];
    var text;
    if (th.phase === "relock") {
      this.holders[th.relock] = t;
      text = "wakes, locks " + th.relock;
      th.phase = "run";
      th.relock = null;
      th.pc += 1;
    } else {
      var step = this.puzzle.threads[t][th.pc];
      var next = th.pc + 1;
      switch (step.op) {
        case "load": {
          var store = this.history[step.obj][move.choice];
          th.regs[step.into] = store.value;
          th.view[step.obj] = move.choice;
          // Acquire after a Release store: the writer's view comes along.
          if (step.order !== "Relaxed") {
            var seen = store.view;
            Object.keys(seen).forEach(function (o) { th.view[o] = Math.max(th.view[o] || 0, seen[o]); });
          }
          var latest = move.choice === this.history[step.obj].length - 1;
          text = "load " + step.obj + " " + step.order + " → " + store.value + (latest ? "" : " (an older value)");
          break;
        }
        case "store":
          this.write(t, step.obj, this.value(t, step.value), step.order);
          text = "store " + step.obj + " " + step.order + " ← " + this.latest(step.obj);
          break;
        case "fetch_add": {
          var old = this.latest(step.obj);
          this.write(t, step.obj, old + step.value, step.order);
          text = "fetch_add " + step.obj + " " + step.order + " " + old + " → " + (old + step.value);
          break;
        }
        case "lock":
          this.holders[step.obj] = t;
          text = "lock " + step.obj;
          break;
        case "unlock":
          this.holders[step.obj] = null;
          text = "unlock " + step.obj;
          break;
        case "wait":
          this.holders[step.mutex] = null;
          this.waiters[step.obj].push(t);
          th.phase = "asleep";
          th.relock = step.mutex;
          text = "wait on " + step.obj + " (unlocks " + step.mutex + ")";
          next = th.pc; // the step completes when it wakes and re-locks
          break;
        case "notify_one": {
          var woken = this.waiters[step.obj].shift();
          if (woken !== undefined) {
            this.threads[woken].phase = "relock";
          }
          text = "notify_one " + step.obj + (woken === undefined ? " (nobody waits)" : " (wakes " + threadName(woken) + ")");
          break;
        }
        case "skip_if":
          if (th.regs[step.reg] === step.equals) { next = this.label(t, step.to); }
          text = "if " + step.reg + " == " + step.equals + ": " + (next === th.pc + 1 ? "no" : "yes, go to " + step.to);
          break;
        case "assert":
          text = "assert " + step.reg + " == " + step.equals;
          if (th.regs[step.reg] !== step.equals) {
            this.failure = step.message.replace("{value}", th.regs[step.reg]);
          }
          break;
        default:
          text = stepText(step);
      }
      th.pc = next;
    }
    if (th.phase === "run" && th.pc >= this.puzzle.threads[t].length) { th.phase = "done"; }
    this.log.push({ thread: t, text: text });
    this.settle();
  };

  // After a move: the puzzle's final check once every thread is done, or no thread
  // able to move while some are not done (the deadlock and the lost wake-up).
  Machine.prototype.settle = function () {
    if (this.failure) { return; }
    var done = this.threads.every(function (th) { return th.phase === "done"; });
    if (done) {
      var check = this.puzzle.finally;
      if (check && this.latest(check.obj) !== check.equals) {
        this.failure = check.message.replace("{value}", this.latest(check.obj));
      }
      return;
    }
    if (this.moves().length === 0) {
      var self = this;
      var stuck = [];
      this.threads.forEach(function (th, t) {
        if (th.phase === "asleep") {
          stuck.push(threadName(t) + " sleeps on a condition variable nobody will notify");
        } else if (th.phase !== "done") {
          var step = self.puzzle.threads[t][th.pc];
          var lock = th.phase === "relock" ? th.relock : step.obj;
          stuck.push(threadName(t) + " waits for " + lock + " (held by " + threadName(self.holders[lock]) + ")");
        }
      });
      this.failure = "no thread can run: " + stuck.join("; ");
    }
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function Puzzle(root, name, puzzle) {
    this.root = root;
    this.name = name;
    this.puzzle = puzzle;
    root.textContent = "";
    root.classList.add("scheduler-puzzle-live");
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", "Play the scheduler: " + puzzle.title);
    root.appendChild(el("p", { "class": "sp-heading" }, [el("strong", { text: "Play the scheduler: " + puzzle.title + ". " }), puzzle.goal + " Pick which thread takes the next step."]));
    this.columns = el("div", { "class": "sp-threads" });
    this.moveBox = el("div", { "class": "sp-moves" });
    this.state = el("div", { "class": "sp-state" });
    this.status = el("p", { "class": "sp-status", "aria-live": "polite" });
    this.history = el("ol", { "class": "sp-log" });
    var self = this;
    var reset = el("button", { type: "button", "class": "sp-reset", text: "start over" });
    reset.addEventListener("click", function () { self.start(); });
    root.appendChild(this.columns);
    root.appendChild(this.moveBox);
    root.appendChild(this.status);
    root.appendChild(this.state);
    root.appendChild(el("details", { "class": "sp-history" }, [el("summary", { text: "steps taken" }), this.history]));
    root.appendChild(reset);
    this.start();
  }

  Puzzle.prototype.start = function () {
    this.machine = new Machine(this.puzzle);
    this.draw();
  };

  Puzzle.prototype.draw = function () {
    var self = this;
    var m = this.machine;
    this.columns.textContent = "";
    this.puzzle.threads.forEach(function (program, t) {
      var th = m.threads[t];
      var list = el("ol", { "class": "sp-program" });
      program.forEach(function (step, i) {
        var here = th.phase !== "done" && i === th.pc;
        var item = el("li", { text: (here ? "▶ " : "  ") + stepText(step) });
        if (here) { item.classList.add("sp-next"); item.setAttribute("aria-current", "step"); }
        list.appendChild(item);
      });
      var phase = { run: "", asleep: " (asleep)", relock: " (woken: needs its lock back)", done: " (finished)" }[th.phase];
      self.columns.appendChild(el("section", { "class": "sp-thread", "data-thread": String(t) }, [el("h4", { text: threadName(t) + phase }), list]));
    });

    this.moveBox.textContent = "";
    var moves = m.moves();
    moves.forEach(function (move) {
      var label = "step " + threadName(move.thread);
      if (move.choice !== null) {
        var th = m.threads[move.thread];
        var step = self.puzzle.threads[move.thread][th.pc];
        var store = m.history[step.obj][move.choice];
        var who = store.thread === null ? "the initial value" : threadName(store.thread) + "'s store";
        label += ": read " + step.obj + " = " + store.value + " (" + who + ")";
      }
      var b = el("button", { type: "button", "data-thread": String(move.thread), "data-choice": move.choice === null ? "" : String(move.choice), text: label });
      b.addEventListener("click", function () {
        m.play(move);
        self.draw();
        var first = self.moveBox.querySelector("button");
        (first || self.root.querySelector(".sp-reset")).focus();
      });
      self.moveBox.appendChild(b);
    });

    this.state.textContent = "";
    var facts = [];
    Object.keys(m.history).forEach(function (obj) { facts.push(obj + " = " + m.latest(obj)); });
    Object.keys(m.holders).forEach(function (l) { facts.push(l + ": " + (m.holders[l] === null ? "free" : "held by " + threadName(m.holders[l]))); });
    Object.keys(m.waiters).forEach(function (c) { facts.push(c + ": " + (m.waiters[c].length ? "asleep on it: " + m.waiters[c].map(threadName).join(", ") : "nobody waits")); });
    m.threads.forEach(function (th, t) {
      var regs = Object.keys(th.regs).map(function (r) { return r + " = " + th.regs[r]; });
      if (regs.length) { facts.push(threadName(t) + "'s " + regs.join(", ")); }
    });
    this.state.appendChild(el("ul", {}, facts.map(function (f) { return el("li", { text: f }); })));

    this.history.textContent = "";
    m.log.forEach(function (entry) {
      self.history.appendChild(el("li", { text: threadName(entry.thread) + ": " + entry.text }));
    });

    this.root.setAttribute("data-outcome", m.failure ? "failed" : moves.length ? "playing" : "passed");
    if (m.failure) {
      this.status.textContent = "✗ You found the failure: " + m.failure + ".";
    } else if (!moves.length) {
      this.status.textContent = "✓ Every thread finished and nothing went wrong in this order. Start over and try another.";
    } else {
      this.status.textContent = "Step " + (m.log.length + 1) + ": " + moves.length + " possible moves.";
    }
  };

  function mountAll() {
    var roots = document.querySelectorAll(".scheduler-puzzle");
    for (var i = 0; i < roots.length; i++) {
      var name = roots[i].getAttribute("data-puzzle");
      if (PUZZLES[name] && !roots[i].classList.contains("scheduler-puzzle-live")) {
        new Puzzle(roots[i], name, PUZZLES[name]);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
