// People import: the CSV goes as the body of POST /api/people/imports with a
// progress bar (upload.js), then the check of the file opens.
(function () {
  'use strict';

  var form = document.getElementById('people-upload');
  if (form) {
    window.QuotientUpload.csvForm(form, '/api/people/imports', '/admin/people/import/');
  }
})();
