// Keeps a board or a contest on the page current: the server pushes its new state (server-sent
// events) within a second of a change, and this redraws the lists from it.
(function () {
  'use strict';
  var root = document.querySelector('[data-live]');
  if (!root || !window.EventSource) {
    return;
  }
  var label = {
    anonymous: root.getAttribute('data-anonymous'),
    you: root.getAttribute('data-you'),
    points: root.getAttribute('data-points')
  };

  function item(line, max) {
    var li = document.createElement('li');
    if (line.you) {
      li.className = 'you';
    }
    var rank = document.createElement('span');
    rank.className = 'rank';
    rank.textContent = line.rank !== undefined ? line.rank : line.place;
    var who = document.createElement('span');
    who.className = 'who';
    who.textContent = (line.anonymous ? label.anonymous : line.name) + (line.you ? ' (' + label.you + ')' : '');
    var meter = document.createElement('meter');
    meter.min = 0;
    meter.max = Math.max(1, max);
    meter.value = Math.max(0, line.score);
    meter.setAttribute('aria-hidden', 'true');
    var score = document.createElement('span');
    score.className = 'score';
    score.textContent = line.score + (root.hasAttribute('data-percent') ? ' %' : ' ' + label.points);
    li.append(rank, who, meter, score);
    return li;
  }

  function fill(name, lines, max) {
    var list = root.querySelector('[data-list="' + name + '"]');
    if (!list || !lines) {
      return;
    }
    var empty = list.querySelector('.empty');
    list.replaceChildren.apply(list, lines.map(function (l) { return item(l, max); }));
    if (!lines.length && empty) {
      list.append(empty);
    }
  }

  var source = new EventSource(root.getAttribute('data-live'));
  source.addEventListener('update', function (e) {
    var state = JSON.parse(e.data);
    var top = state.top || state.standings || [];
    var max = top.reduce(function (m, l) { return Math.max(m, l.score); }, 0);
    fill('top', top, max);
    fill('around', state.around, max);
    var size = root.querySelector('[data-field="size"]');
    if (size && state.size !== undefined) {
      size.textContent = state.size;
    }
    var status = root.querySelector('[data-field="status"]');
    if (status && state.status) {
      status.textContent = status.getAttribute('data-' + state.status) || state.status;
    }
    root.setAttribute('data-version', String(Number(root.getAttribute('data-version') || 0) + 1));
  });

  // Quick log: the rep's own activity through the platform's API (self-reported), answered in place.
  var log = document.getElementById('log-form');
  if (log) {
    log.addEventListener('submit', function (e) {
      e.preventDefault();
      var status = document.getElementById('log-status');
      var kind = log.elements.kind.value;
      var body = { id: 'web-' + Date.now() + '-' + Math.random().toString(36).slice(2), kind: kind,
        userId: log.getAttribute('data-user'),
        occurredAt: new Date().toISOString() };
      if (log.elements.value.value !== '') {
        body.value = Number(log.elements.value.value);
      } else if (kind === 'won') {
        body.value = 0;
      }
      var cookie = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
      var token = cookie ? decodeURIComponent(cookie[1]) : log.querySelector('input[name="X-XSRF-TOKEN"]').value;
      fetch('/api/activities', { method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': token }, body: JSON.stringify(body) })
        .then(function (r) {
          if (r.ok) {
            status.textContent = log.getAttribute('data-done');
            return null;
          }
          return r.json().then(function (p) { status.textContent = p.detail || String(r.status); });
        })
        .catch(function (err) { status.textContent = String(err); });
    });
  }

  var full = document.getElementById('tv-full');
  var tv = document.getElementById('tv');
  if (full && tv && tv.requestFullscreen) {
    full.addEventListener('click', function () { tv.requestFullscreen(); });
  }
})();
