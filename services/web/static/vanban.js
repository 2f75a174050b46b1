/* vanban — progressive enhancement only: every page works without this file.
   1. Upload: drag and drop (or choose) several files; the files picked are sent together in one request, each with
      its own progress bar and its own Vietnamese result; the processing state is then followed until it is read.
   2. Search box: suggestions (document numbers, subjects) as you type, through the same access rules.
   3. Forms: what was typed is kept when the server refuses it (the page comes back with an error message). */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;  // never innerHTML: file names and messages are data
    return e;
  }

  function sizeText(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1).replace(".", ",") + " MB" : (n === 0 ? "0 byte" : Math.max(1, Math.round(n / 1024)) + " KB");
  }

  /* ---- upload ---- */
  var form = document.getElementById("upload-form");
  if (form) {
    var input = document.getElementById("files");
    var zone = document.getElementById("dropzone");
    var list = document.getElementById("upload-list");
    var csrf = form.querySelector("input[name=csrf]").value;
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) || 0;
    var prefix = form.getAttribute("action").replace(/\/upload$/, "");
    var queue = [];
    var busy = false;

    input.classList.add("sr-only");
    zone.addEventListener("click", function () { input.click(); });
    zone.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); input.click(); }
    });
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (ev) { ev.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      zone.addEventListener(t, function (ev) { ev.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (ev) { addFiles(ev.dataTransfer.files); });
    input.addEventListener("change", function () { addFiles(input.files); input.value = ""; });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });

    function addFiles(files) {
      for (var i = 0; i < files.length; i++) {
        var f = files[i];
        var row = el("li", "pending");
        row.appendChild(el("span", "fname", f.name + " (" + sizeText(f.size) + ")"));
        var bar = el("progress");
        bar.max = 100; bar.value = 0;
        bar.setAttribute("aria-label", "Tiến độ tải lên " + f.name);
        row.appendChild(bar);
        var msg = el("span", "msg", "Đang chờ tải lên…");
        row.appendChild(msg);
        list.appendChild(row);
        if (maxBytes && f.size > maxBytes) {
          finish(row, msg, false, "Tệp “" + f.name + "” vượt quá dung lượng cho phép (" + sizeText(maxBytes) + ").");
          bar.remove();
          continue;
        }
        queue.push({ file: f, row: row, bar: bar, msg: msg });
      }
      next();
    }

    function finish(row, msg, ok, text) {
      row.className = ok ? "ok" : "error";
      msg.textContent = text;
    }

    /* The files waiting are sent together, in one request (up to the server's number of files per upload and
       BATCH_BYTES): the server registers them at once. One request at a time: the session is renewed by page views
       only, never by parallel requests; files added meanwhile go with the next request. Each file keeps its own
       progress bar (its share of the request's bytes, in order) and its own result (the answer's items, in order). */
    var BATCH_BYTES = 64 * 1048576;
    var maxFiles = parseInt(form.getAttribute("data-max-files"), 10) || 20;

    function next() {
      if (busy || !queue.length) return;
      busy = true;
      var jobs = [], bytes = 0;
      while (queue.length && jobs.length < maxFiles && (!jobs.length || bytes + queue[0].file.size <= BATCH_BYTES)) {
        var j = queue.shift();
        j.start = bytes;
        bytes += j.file.size;
        jobs.push(j);
      }
      var data = new FormData();
      data.append("csrf", csrf);
      jobs.forEach(function (job) {
        data.append("files", job.file, job.file.name);
        job.msg.textContent = "Đang tải lên…";
      });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.onprogress = function (ev) {
        if (!ev.lengthComputable || !ev.total) return;
        var sent = ev.loaded * bytes / ev.total;  // the body's bytes, as the files' bytes (the form's parts are small)
        jobs.forEach(function (job) {
          var size = job.file.size;
          var pct = size ? Math.round(Math.max(0, Math.min(1, (sent - job.start) / size)) * 100) : (sent >= job.start ? 100 : 0);
          if (pct !== job.bar.value) {
            job.bar.value = pct;
            job.msg.textContent = pct ? "Đang tải lên… " + pct + "%" : "Đang chờ tải lên…";
          }
        });
      };
      xhr.onload = function () {
        busy = false;
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        var items = (body && body.items) || [];
        // the request refused as a whole (too many files, too large, session): one item without a file name
        var whole = items.length === 1 && !items[0].filename && items[0].error_message ? items[0] : null;
        jobs.forEach(function (job, i) {
          var item = whole || (items.length === jobs.length ? items[i] : null);
          if (xhr.status === 401) {
            finish(job.row, job.msg, false, "Phiên đăng nhập đã hết hạn; hãy tải lại trang và đăng nhập lại.");
          } else if (!item) {
            finish(job.row, job.msg, false, (body && body.error && body.error.message) ||
                   "Máy chủ không nhận được tệp “" + job.file.name + "” (mã " + xhr.status + "). Vui lòng thử lại.");
          } else if (item.error_message) {
            finish(job.row, job.msg, false, item.error_message);
          } else {
            job.bar.value = 100;
            finish(job.row, job.msg, true, item.duplicate ? (item.message || "Tệp đã có trong hệ thống.")
                                                          : "Đã tiếp nhận, đang xử lý…");
            var link = el("a", null, "Xem văn bản");
            link.href = prefix + "/documents/" + item.document_id;
            job.row.appendChild(link);
            if (!item.duplicate) follow(item.document_id, job);  // the same bytes: what is registered is said above
          }
        });
        next();
      };
      xhr.onerror = function () {
        busy = false;
        jobs.forEach(function (job) {
          finish(job.row, job.msg, false, "Mất kết nối với máy chủ khi tải “" + job.file.name + "”. Vui lòng thử lại.");
        });
        next();
      };
      xhr.send(data);
    }

    function follow(id, job, tries) {
      tries = tries || 0;
      if (tries > 60) return;
      setTimeout(function () {
        var xhr = new XMLHttpRequest();
        xhr.open("GET", prefix + "/documents/" + id + "/status");
        xhr.setRequestHeader("Accept", "application/json");
        xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        xhr.onload = function () {
          if (xhr.status !== 200) return;
          var s = JSON.parse(xhr.responseText);
          if (s.status === "done") {
            finish(job.row, job.msg, true, s.registered ||  // another file of a registered document
                   "Đã xử lý" + (s.number ? ": " + s.number : "") + ".");
          } else if (s.status === "failed" || s.status === "needs_ocr") {
            finish(job.row, job.msg, false, s.error_message || s.label);
          } else {
            job.msg.textContent = s.label + "…";
            follow(id, job, tries + 1);
          }
        };
        xhr.send();
      }, tries ? 1500 : 500);
    }
  }

  /* ---- forms that ask first ---- */
  Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), function (f) {
    f.addEventListener("submit", function (ev) {
      if (!window.confirm(f.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });

  /* ---- a link to #section opens that <details> ---- */
  if (location.hash.length > 1) {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
  }

  /* ---- search suggestions ----
     Our own listbox under the box (a combobox in ARIA terms), not a <datalist>: a browser filters a datalist's
     options by the letters typed, so the server's accent-insensitive suggestions ("so xay" -> "Sở Xây dựng") would
     be hidden. Arrow keys move, Enter or a click searches for the suggestion, Escape closes. */
  var q = document.querySelector("input[data-suggest]");
  if (q) {
    var box = document.getElementById(q.getAttribute("aria-controls"));
    var timer = null, last = "", active = -1;
    var close = function () {
      box.hidden = true; active = -1;
      q.setAttribute("aria-expanded", "false"); q.removeAttribute("aria-activedescendant");
    };
    var mark = function (i) {
      var opts = box.children;
      for (var k = 0; k < opts.length; k++) opts[k].setAttribute("aria-selected", k === i ? "true" : "false");
      active = i;
      q.setAttribute("aria-activedescendant", opts[i].id);
    };
    var pick = function (text) {
      q.value = text; last = text; close();
      if (q.form) { if (q.form.requestSubmit) q.form.requestSubmit(); else q.form.submit(); }
    };
    var show = function (items) {
      while (box.firstChild) box.removeChild(box.firstChild);
      items.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = "suggestion-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
        li.textContent = s;
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(s); });
        box.appendChild(li);
      });
      if (!items.length) { close(); return; }
      box.hidden = false; active = -1; q.setAttribute("aria-expanded", "true");
    };
    q.addEventListener("input", function () {
      clearTimeout(timer);
      var v = q.value.trim();
      if (v.length < 2) { last = v; close(); return; }
      if (v === last) return;
      timer = setTimeout(function () {
        last = v;
        var xhr = new XMLHttpRequest();
        xhr.open("GET", q.getAttribute("data-suggest") + "?q=" + encodeURIComponent(v));
        xhr.setRequestHeader("Accept", "application/json");
        xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        xhr.onload = function () {
          if (xhr.status !== 200 || q.value.trim() !== v) return;  // an answer to what is no longer typed
          show(JSON.parse(xhr.responseText).suggestions || []);
        };
        xhr.send();
      }, 150);
    });
    q.addEventListener("keydown", function (ev) {
      if (box.hidden) return;
      var n = box.children.length;
      if (ev.key === "ArrowDown") { ev.preventDefault(); mark((active + 1) % n); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); mark(active <= 0 ? n - 1 : active - 1); }
      else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); pick(box.children[active].textContent); }
      else if (ev.key === "Escape") { ev.preventDefault(); close(); }
    });
    q.addEventListener("blur", close);
  }
  /* ---- keep what was typed when a form is refused ---- */
  var DRAFT = "vanban-draft";
  function fields(f) {
    return Array.prototype.filter.call(f.elements, function (e) {
      return e.name && e.name !== "csrf" && e.type !== "hidden" && e.type !== "file" && e.type !== "password" &&
        e.type !== "submit" && e.type !== "checkbox" && e.type !== "radio";
    });
  }
  try {
    var saved = JSON.parse(window.sessionStorage.getItem(DRAFT) || "null");
    window.sessionStorage.removeItem(DRAFT);
    if (saved && document.querySelector(".flash.error")) {
      Array.prototype.forEach.call(document.querySelectorAll("form[method=post]"), function (f) {
        if (f.getAttribute("action") !== saved.action) return;
        fields(f).forEach(function (e, i) {
          if (saved.values[i] && saved.values[i][0] === e.name) e.value = saved.values[i][1];
        });
        var d = f.closest("details");
        if (d) d.open = true;
      });
    }
    document.addEventListener("submit", function (ev) {
      var f = ev.target;
      if (!f || (f.getAttribute("method") || "").toLowerCase() !== "post" || f.id === "upload-form") return;
      var values = fields(f).map(function (e) { return [e.name, e.value]; });
      window.sessionStorage.setItem(DRAFT, JSON.stringify({action: f.getAttribute("action"), values: values}));
    });
  } catch (e) { /* storage unavailable: the form still works, only the draft is not kept */ }
})();
