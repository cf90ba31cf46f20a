// Activity import: the CSV goes as the body of POST /api/activities/imports with
// a progress bar (upload.js), then the page of the new import opens. While a job
// runs, its progress is polled until it finishes and the page shows the result.
(function () {
  'use strict';

  var form = document.getElementById('import-upload');
  if (form) {
    window.QuotientUpload.csvForm(form, '/api/activities/imports', '/activities/import/');
  }

  var job = document.getElementById('job');
  if (job && (job.dataset.state === 'running' || job.dataset.state === 'queued')) {
    var bar = job.querySelector('progress');
    var status = job.querySelector('.import-job-status');
    var poll = function () {
      var xhr = new XMLHttpRequest();
      xhr.open('GET', '/api/activities/imports/' + encodeURIComponent(job.dataset.import) + '/job');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.addEventListener('load', function () {
        if (xhr.status !== 200) { return; }
        var state = JSON.parse(xhr.responseText);
        bar.max = Math.max(state.total, 1);
        bar.value = state.processed;
        bar.textContent = state.processed + ' / ' + state.total;
        if (state.state === 'queued') {
          status.textContent = status.dataset.queued.replace('{5}', state.position || '');
          window.setTimeout(poll, 1000);
          return;
        }
        status.textContent = status.dataset.running.replace('{0}', state.processed).replace('{1}', state.total);
        if (state.state === 'running') {
          window.setTimeout(poll, 500);
        } else {
          // Finished: the page shows the counts and any rows refused while recording.
          window.location.reload();
        }
      });
      xhr.send();
    };
    window.setTimeout(poll, 300);
  }
}());
