// People import: the CSV goes as the body of POST /api/people/imports with a
// progress bar (upload.js), then the check of the file opens.
(function () {
  'use strict';

  var form = document.getElementById('people-upload');
  if (!form) { return; }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var file = form.querySelector('input[type=file]').files[0];
    if (!file) { return; }
    var U = window.QuotientUpload;
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;
    var view = U.view(form);
    U.send(form, 'POST', '/api/people/imports?name=' + encodeURIComponent(file.name), 'text/csv', file, 201,
      view, function (xhr) {
        view.done();
        window.location.href = '/admin/people/import/' + JSON.parse(xhr.responseText).id;
      }, function () { button.disabled = false; });
  });
})();
