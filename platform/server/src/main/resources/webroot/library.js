// Library uploads with a progress bar (upload.js): the file goes as the raw body of
// PUT /api/materials/{id}/file, streamed by the server into storage. Without
// this script the forms still work (the item is saved without its file).
(function () {
  'use strict';

  var U = window.QuotientUpload;

  function upload(form, id, file, view, button) {
    U.send(form, 'PUT', '/api/materials/' + encodeURIComponent(id) + '/file?name=' + encodeURIComponent(file.name),
      'application/octet-stream', file, 201, view, function () { view.done('/library/' + id); },
      function () { button.disabled = false; });
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
      var view = U.view(create);
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
      xhr.setRequestHeader('X-XSRF-TOKEN', U.csrfToken(create));
      xhr.addEventListener('load', function () {
        if (xhr.status === 201) {
          upload(create, JSON.parse(xhr.responseText).id, file, view, button);
        } else {
          button.disabled = false;
          view.failed(U.problemDetail(xhr));
        }
      });
      xhr.addEventListener('error', function () {
        button.disabled = false;
        view.failed(U.problemDetail(xhr));
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
      upload(again, again.dataset.material, file, U.view(again), button);
    });
  }
}());
