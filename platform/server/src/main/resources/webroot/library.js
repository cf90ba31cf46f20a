// Library uploads with a progress bar: the file goes as the raw body of
// PUT /api/materials/{id}/file, streamed by the server into storage. Without
// this script the forms still work (the item is saved without its file).
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

  function ui(form) {
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
        var link = document.createElement('a');
        link.href = page;
        link.textContent = status.dataset.open;
        status.appendChild(link);
      },
      failed: function (detail) {
        status.textContent = status.dataset.failed.replace('{0}', detail);
        status.classList.add('error');
      }
    };
  }

  function upload(form, id, file, view, button) {
    var xhr = new XMLHttpRequest();
    xhr.open('PUT', '/api/materials/' + encodeURIComponent(id) + '/file?name=' + encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('X-XSRF-TOKEN', csrfToken(form));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) { view.progress(e.loaded, e.total); }
    });
    xhr.addEventListener('load', function () {
      button.disabled = false;
      if (xhr.status === 201) {
        view.done('/library/' + id);
      } else {
        view.failed(problemDetail(xhr));
      }
    });
    xhr.addEventListener('error', function () {
      button.disabled = false;
      view.failed(problemDetail(xhr));
    });
    view.start();
    xhr.send(file);
  }

  function values(form, name) {
    return Array.prototype.map.call(form.querySelectorAll('input[name="' + name + '"]:checked'),
      function (i) { return i.value; });
  }

  var create = document.getElementById('material-new');
  if (create) {
    create.addEventListener('submit', function (event) {
      var input = create.querySelector('input[type=file]');
      var file = input && input.files && input.files[0];
      if (!file) { return; } // no file: the plain form post does it all
      event.preventDefault();
      var button = create.querySelector('button[type=submit]');
      button.disabled = true;
      var view = ui(create);
      var f = create.elements;
      var body = {
        title: f.title.value,
        kind: f.kind.value,
        topic: f.topic.value,
        skills: values(create, 'skills'),
        audience: values(create, 'audience'),
        tags: f.tags.value.split(',').map(function (t) { return t.trim(); }).filter(function (t) { return t; }),
        description: f.description.value,
        published: f.published.checked
      };
      if (f.link.value.trim()) { body.link = f.link.value.trim(); }
      var xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/materials');
      xhr.setRequestHeader('Content-Type', 'application/json');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('X-XSRF-TOKEN', csrfToken(create));
      xhr.addEventListener('load', function () {
        if (xhr.status === 201) {
          upload(create, JSON.parse(xhr.responseText).id, file, view, button);
        } else {
          button.disabled = false;
          view.failed(problemDetail(xhr));
        }
      });
      xhr.addEventListener('error', function () {
        button.disabled = false;
        view.failed(problemDetail(xhr));
      });
      xhr.send(JSON.stringify(body));
    });
  }

  var again = document.getElementById('material-upload');
  if (again) {
    again.addEventListener('submit', function (event) {
      event.preventDefault();
      var file = again.querySelector('input[type=file]').files[0];
      if (!file) { return; }
      var button = again.querySelector('button[type=submit]');
      button.disabled = true;
      upload(again, again.dataset.material, file, ui(again), button);
    });
  }
}());
