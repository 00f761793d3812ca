// The class journal grid: arrow keys move, typing a mark and Enter saves it (htmx),
// Delete clears, a pasted spreadsheet column fills the cells downwards.
(function () {
  "use strict";

  var grid = document.getElementById("jg-grid");
  if (!grid) return;
  var kindSelect = document.getElementById("jg-kind");
  var commentInput = document.getElementById("jg-comment");
  var status = document.getElementById("jg-status");
  var historyButton = document.getElementById("jg-history-button");
  var historyPanel = document.getElementById("jg-history");
  // The current cell is kept by id: a saved cell is replaced by a new element.
  var currentId = null;
  var storageKey = "jg-kind-" + grid.dataset.group + "-" + grid.dataset.subject;
  var editor = null; // {cell, input}

  if (kindSelect) {
    var remembered = window.sessionStorage.getItem(storageKey);
    if (remembered && kindSelect.querySelector('option[value="' + remembered + '"]')) {
      kindSelect.value = remembered;
    }
    kindSelect.addEventListener("change", function () {
      window.sessionStorage.setItem(storageKey, kindSelect.value);
    });
  }

  function rows() {
    return Array.prototype.slice.call(grid.tBodies[0].rows);
  }

  function cellAt(rowIndex, colIndex) {
    var row = rows()[rowIndex];
    if (!row) return null;
    return row.querySelectorAll(".jg-cell")[colIndex] || null;
  }

  function position(cell) {
    var row = cell.parentElement;
    var cells = Array.prototype.slice.call(row.querySelectorAll(".jg-cell"));
    return { row: rows().indexOf(row), col: cells.indexOf(cell) };
  }

  function current() {
    return (currentId && document.getElementById(currentId)) || null;
  }

  // Every way a cell is chosen (arrows, Tab, a click, a tap) makes it the current
  // one, which the history button, the comment and the request link then target.
  function choose(cell) {
    if (currentId === cell.id) return;
    currentId = cell.id;
    if (status) status.textContent = "";
    if (cell.dataset.editable !== "1") explain(cell);
  }

  function focusCell(cell) {
    if (!cell) return;
    choose(cell);
    grid.querySelectorAll(".jg-cell[tabindex='0']").forEach(function (other) {
      other.setAttribute("tabindex", "-1");
    });
    cell.setAttribute("tabindex", "0");
    cell.focus();
  }

  function csrfHeaders() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    } catch (e) {
      return {};
    }
  }

  // Saves go one after another: a pasted column must not race to open the lesson.
  var queue = Promise.resolve();

  function save(cell, value) {
    if (!cell || cell.dataset.editable !== "1") return queue;
    cell.dataset.state = "saving";
    var pos = position(cell);
    queue = queue.then(function () {
      return post(cellAt(pos.row, pos.col) || cell, value, pos);
    });
    return queue;
  }

  function post(cell, value, pos) {
    var column = grid.tHead.querySelectorAll("th.jg-date")[pos.col];
    var hadFocus = document.activeElement === cell || cell.contains(document.activeElement);
    return htmx
      .ajax("POST", grid.dataset.url, {
        source: cell,
        target: cell,
        swap: "outerHTML",
        headers: csrfHeaders(),
        values: {
          group: grid.dataset.group,
          subject: grid.dataset.subject,
          date: column.dataset.date,
          lesson_number: column.dataset.number,
          student: cell.parentElement.dataset.student,
          kind: kindSelect ? kindSelect.value : "",
          value: value,
          comment: value && commentInput ? commentInput.value : "",
        },
      })
      .then(function () {
        var saved = cellAt(pos.row, pos.col);
        if (value && commentInput && saved && saved.dataset.state === "saved") {
          commentInput.value = "";
        }
        var active = document.activeElement;
        if (hadFocus && (!active || active === document.body)) {
          focusCell(cellAt(pos.row, pos.col));
        }
      })
      .catch(function () {
        cell.dataset.state = "error";
      });
  }

  function headerOf(cell) {
    return grid.tHead.querySelectorAll("th.jg-date")[position(cell).col];
  }

  // A locked cell says why, and where a correction request can help, links to it.
  function explain(cell) {
    if (!status) return;
    var column = headerOf(cell);
    status.textContent = cell.getAttribute("title") || column.dataset.reason || "";
    if (column.dataset.correction && !cell.classList.contains("jg-out")) {
      var link = document.createElement("a");
      link.href = column.dataset.correction + "?student=" + cell.parentElement.dataset.student;
      link.textContent = grid.dataset.requestLabel;
      link.className = "jg-request";
      status.appendChild(document.createTextNode(" "));
      status.appendChild(link);
    }
  }

  function openEditor(cell, initial) {
    choose(cell);
    if (cell.dataset.editable !== "1") {
      explain(cell);
      return;
    }
    closeEditor(false);
    var input = document.createElement("input");
    input.className = "jg-editor";
    input.type = "text";
    input.autocomplete = "off";
    input.setAttribute("aria-label", cell.getAttribute("title") || "");
    input.value = initial || "";
    cell.appendChild(input);
    editor = { cell: cell, input: input };
    input.focus();
    input.addEventListener("blur", function () {
      if (editor && editor.input === input) closeEditor(true, false);
    });
  }

  function closeEditor(commit, refocus) {
    if (!editor) return;
    var current = editor;
    editor = null;
    var value = current.input.value.trim();
    current.input.remove();
    if (refocus !== false) focusCell(current.cell);
    if (commit && value) save(current.cell, value);
  }

  function move(cell, key) {
    var pos = position(cell);
    var delta = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[key];
    var next = cellAt(pos.row + delta[0], pos.col + delta[1]);
    if (next) focusCell(next);
  }

  grid.addEventListener("keydown", function (event) {
    var cell = event.target.closest(".jg-cell");
    if (!cell) return;
    var key = event.key;
    if (editor && event.target === editor.input) {
      if (key === "Enter") {
        event.preventDefault();
        if (!editor.input.value.trim()) {
          closeEditor(false);
          return;
        }
        closeEditor(true);
      } else if (key === "Escape") {
        event.preventDefault();
        closeEditor(false);
      } else if ((key === "Delete" || key === "Backspace") && !editor.input.value) {
        event.preventDefault();
        closeEditor(false);
        save(cell, "");
      } else if (key === "ArrowUp" || key === "ArrowDown" || key === "Tab") {
        if (key !== "Tab") event.preventDefault();
        closeEditor(true);
        if (key !== "Tab") move(cell, key);
      }
      return;
    }
    if (key.indexOf("Arrow") === 0) {
      event.preventDefault();
      move(cell, key);
    } else if (key === "Delete" || key === "Backspace") {
      event.preventDefault();
      save(cell, "");
    } else if (key === "Enter" || key === "F2") {
      event.preventDefault();
      openEditor(cell, "");
    } else if (key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      openEditor(cell, key);
    }
  });

  grid.addEventListener("focusin", function (event) {
    var cell = event.target.closest(".jg-cell");
    if (cell) choose(cell);
  });

  // A focusable cell takes the focus on mousedown, before the click: whether this
  // is a second tap is decided from the state before the press.
  var pressedCurrent = false;
  grid.addEventListener("mousedown", function (event) {
    var cell = event.target.closest(".jg-cell");
    pressedCurrent = !!cell && cell.id === currentId && document.activeElement === cell;
  });

  grid.addEventListener("click", function (event) {
    var cell = event.target.closest(".jg-cell");
    if (!cell || (editor && editor.cell === cell)) return;
    var second = pressedCurrent;
    pressedCurrent = false;
    // A second tap opens the editor, so a tablet shows its keyboard.
    if (second) openEditor(cell, "");
    else focusCell(cell);
  });

  grid.addEventListener("paste", function (event) {
    var cell = event.target.closest(".jg-cell");
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!cell) return;
    var single = text.indexOf("\n") === -1 && text.indexOf("\t") === -1;
    if (single && editor) return; // an ordinary paste into the editor
    event.preventDefault();
    closeEditor(false);
    var start = position(cell);
    var lines = text.replace(/\r/g, "").replace(/\n+$/, "").split("\n");
    lines.forEach(function (line, i) {
      line.split("\t").forEach(function (value, j) {
        var target = cellAt(start.row + i, start.col + j);
        if (target && value.trim()) save(target, value.trim());
      });
    });
  });

  if (historyButton && historyPanel) {
    historyButton.addEventListener("click", function () {
      var cell = current() || grid.querySelector(".jg-cell[tabindex='0']");
      if (!cell) return;
      var column = headerOf(cell);
      var query = new URLSearchParams({
        group: grid.dataset.group,
        subject: grid.dataset.subject,
        date: column.dataset.date,
        lesson_number: column.dataset.number,
        student: cell.parentElement.dataset.student,
      });
      htmx.ajax("GET", historyButton.dataset.url + "?" + query.toString(), {
        target: historyPanel,
        swap: "innerHTML",
      });
    });
  }

  var today = grid.querySelector("td.jg-today[data-editable='1']");
  var first = today || grid.querySelector("td.jg-cell");
  if (first) {
    first.setAttribute("tabindex", "0");
    if (today) today.scrollIntoView({ block: "nearest", inline: "center" });
  }
})();
