// The status page's script, served as /web/app.js (the CSP allows no other).
// It keeps the page live: the server says "change" over server-sent events
// (/web/events) and the script fetches the new <main> from /web/main, which
// the server renders with the same escaping as the first page; where events
// cannot be had it polls every 5 s. The filter box refilters as one types. For
// a signed-in administrator it sends the actions as JSON with the session's
// CSRF token. It never builds markup from data: the only markup it inserts is
// the server's.
export const APP_JS = `'use strict';
(function () {
  var doc = document;
  doc.documentElement.classList.add('js');
  var main = doc.getElementById('main');
  var q = doc.getElementById('q');
  var live = doc.getElementById('live');
  var meta = doc.querySelector('meta[name="licutil-csrf"]');
  var csrf = meta ? meta.getAttribute('content') : '';
  var inFlight = false;
  var again = false;
  var pollTimer = null;

  function say(message) { live.textContent = message; }

  function refresh() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    fetch('/web/main?q=' + encodeURIComponent(q.value), { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.text();
      })
      .then(function (html) {
        main.innerHTML = html;
        doc.body.setAttribute('data-updated', String(Date.now()));
      })
      .catch(function (e) { say('Could not update: ' + e.message + '. Retrying.'); })
      .then(function () {
        inFlight = false;
        if (again) { again = false; refresh(); }
      });
  }

  function poll() {
    if (pollTimer === null) pollTimer = setInterval(refresh, 5000);
  }

  if (window.EventSource) {
    var events = new EventSource('/web/events');
    events.addEventListener('change', refresh);
    events.addEventListener('open', function () { say(''); });
    events.addEventListener('error', function () {
      if (events.readyState === EventSource.CLOSED) { say('Live updates unavailable; refreshing every 5 seconds.'); poll(); }
    });
  } else {
    poll();
  }

  var typing = null;
  q.addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      var url = new URL(location.href);
      if (q.value) url.searchParams.set('q', q.value); else url.searchParams.delete('q');
      history.replaceState(null, '', url);
      refresh();
    }, 150);
  });
  q.form.addEventListener('submit', function (ev) { ev.preventDefault(); refresh(); });

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-licutil-csrf': csrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error(j && j.error ? j.error.message : 'HTTP ' + r.status);
        return j;
      });
    });
  }

  var signin = doc.getElementById('signin');
  if (signin) {
    signin.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var token = doc.getElementById('token');
      post('/web/session', { token: token.value })
        .then(function () { token.value = ''; location.reload(); })
        .catch(function (e) { say('Sign-in refused: ' + e.message); });
    });
  }
  var signout = doc.getElementById('signout');
  if (signout) {
    signout.addEventListener('click', function () {
      post('/web/signout', {}).then(function () { location.reload(); }, function (e) { say(e.message); });
    });
  }
  var reread = doc.getElementById('reread');
  if (reread) {
    reread.addEventListener('click', function () {
      say('Rereading licenses...');
      post('/v1/reread', {})
        .then(function (r) { say('Reread: ' + r.added.length + ' pool(s) added, ' + r.removed.length + ' removed, ' + r.changed.length + ' changed.'); refresh(); })
        .catch(function (e) { say('Reread refused: ' + e.message); });
    });
  }
  main.addEventListener('click', function (ev) {
    var button = ev.target.closest('button[data-remove]');
    if (!button) return;
    var id = button.getAttribute('data-remove');
    if (!confirm('Remove checkout ' + id + '?')) return;
    post('/v1/remove', { handle: id })
      .then(function () { say('Removed checkout ' + id + '.'); refresh(); })
      .catch(function (e) { say('Remove refused: ' + e.message); });
  });
})();
`;
