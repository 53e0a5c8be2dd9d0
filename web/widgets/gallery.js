// The widget gallery: language switch (widgets follow <html lang>), copy buttons and
// the last `change` event, shown as text.
(function () {
  var html = document.documentElement;
  var toggle = document.getElementById('lang-toggle');
  function setLanguage(lang) {
    html.lang = lang;
    toggle.textContent = lang === 'zh' ? 'English' : '中文';
  }
  setLanguage(location.hash === '#zh' ? 'zh' : 'en');
  toggle.addEventListener('click', function () {
    setLanguage(html.lang === 'zh' ? 'en' : 'zh');
    history.replaceState(null, '', html.lang === 'zh' ? '#zh' : location.pathname + location.search);
  });
  // Copy says whether it worked, beside the button (read out: role="status").
  document.querySelectorAll('button.copy').forEach(function (button) {
    var note = document.createElement('span');
    note.className = 'copied';
    note.setAttribute('role', 'status');
    button.after(note);
    function say(en, zh) { note.textContent = html.lang === 'zh' ? zh : en; }
    button.addEventListener('click', function () {
      var text = document.getElementById(button.dataset.copy).textContent;
      var copy = navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject(new Error('no clipboard'));
      copy.then(function () { say('Copied', '已复制'); }, function () { say('Copy failed: select the text and copy it', '复制失败：请选中文字后复制'); });
    });
  });
  // Snippets that scroll sideways (on a phone) can be scrolled from the keyboard.
  function markScrollers() {
    document.querySelectorAll('pre.snippet').forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0;
      else el.removeAttribute('tabindex');
    });
  }
  markScrollers();
  window.addEventListener('resize', markScrollers);
  var last = document.getElementById('last-change');
  document.addEventListener('change', function (event) {
    if (event.target && event.target.tagName && event.target.tagName.indexOf('XENT-') === 0) {
      last.textContent = event.target.tagName.toLowerCase() + ': ' + JSON.stringify(event.detail);
    }
  });
})();
