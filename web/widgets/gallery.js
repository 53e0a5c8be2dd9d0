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
  document.querySelectorAll('button.copy').forEach(function (button) {
    button.addEventListener('click', function () {
      var text = document.getElementById(button.dataset.copy).textContent;
      if (navigator.clipboard) navigator.clipboard.writeText(text).catch(function () {});
    });
  });
  var last = document.getElementById('last-change');
  document.addEventListener('change', function (event) {
    if (event.target && event.target.tagName && event.target.tagName.indexOf('XENT-') === 0) {
      last.textContent = event.target.tagName.toLowerCase() + ': ' + JSON.stringify(event.detail);
    }
  });
})();
