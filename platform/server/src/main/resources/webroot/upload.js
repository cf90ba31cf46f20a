// Shared by the pages that send files with a progress bar (library, activity import):
// the CSRF token, problem details, the progress view of partials/upload-progress
// and a request whose upload progress moves that view.
(function () {
  'use strict';

  function csrfToken(form) {
    // The token is single-use: after each accepted request the server sets a
    // fresh one in the XSRF-TOKEN cookie.
    var m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    if (m) { return decodeURIComponent(m[1]); }
    var field = form.querySelector('input[name="X-XSRF-TOKEN"]');
    return field ? field.value : '';
  }

  function problemDetail(xhr) {
    try {
      var body = JSON.parse(xhr.responseText);
      return body.detail || String(xhr.status);
    } catch (e) {
      return String(xhr.status || 'network error');
    }
  }

  function view(form) {
    var box = form.querySelector('.upload-progress');
    var bar = form.querySelector('progress');
    var percent = form.querySelector('.upload-percent');
    var status = form.querySelector('.upload-status');
    return {
      start: function () {
        box.hidden = false;
        bar.value = 0;
        percent.textContent = '0%';
        status.textContent = '';
        status.classList.remove('error');
      },
      progress: function (loaded, total) {
        var p = total > 0 ? Math.floor(loaded * 100 / total) : 0;
        bar.value = p;
        bar.textContent = p + '%';
        percent.textContent = p + '%';
      },
      done: function (page) {
        bar.value = 100;
        bar.textContent = '100%';
        percent.textContent = '100%';
        status.textContent = status.dataset.done + ' ';
        if (page && status.dataset.open) {
          var link = document.createElement('a');
          link.href = page;
          link.textContent = status.dataset.open;
          status.appendChild(link);
        }
      },
      failed: function (detail) {
        // the bytes may all have gone, but nothing was stored: no "100%" beside the failure
        bar.value = 0;
        bar.textContent = '';
        percent.textContent = '';
        status.textContent = status.dataset.failed.replace('{0}', detail);
        status.classList.add('error');
      }
    };
  }

  // Sends body with the form's CSRF token; the view follows the upload.
  // ok(xhr) runs for the expected status, any other answer shows its problem detail.
  function send(form, method, url, contentType, body, expected, ui, ok, always) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('X-XSRF-TOKEN', csrfToken(form));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) { ui.progress(e.loaded, e.total); }
    });
    xhr.addEventListener('load', function () {
      if (always) { always(); }
      if (xhr.status === expected) {
        ok(xhr);
      } else {
        ui.failed(problemDetail(xhr));
      }
    });
    xhr.addEventListener('error', function () {
      if (always) { always(); }
      ui.failed(problemDetail(xhr));
    });
    ui.start();
    xhr.send(body);
    return xhr;
  }

  // A form whose chosen CSV file goes as the body of POST url?name=<file name> with a progress bar;
  // on 201 the page of the new resource opens (page + its id).
  function csvForm(form, url, page) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var file = form.querySelector('input[type=file]').files[0];
      if (!file) { return; }
      var button = form.querySelector('button[type=submit]');
      button.disabled = true;
      var ui = view(form);
      send(form, 'POST', url + '?name=' + encodeURIComponent(file.name), 'text/csv', file, 201, ui,
        function (xhr) {
          ui.done();
          window.location.href = page + JSON.parse(xhr.responseText).id;
        }, function () { button.disabled = false; });
    });
  }

  window.QuotientUpload = { csrfToken: csrfToken, problemDetail: problemDetail, view: view, send: send,
    csvForm: csvForm };
}());
