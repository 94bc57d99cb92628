// Runs before the first paint (a classic, render-blocking script: the CSP allows only same-origin
// scripts, so it cannot be inline). Applies the saved theme so a dark page never flashes light.
// Keep in step with src/shared/ui/theme.ts.
(function () {
  var preference = 'system';
  try {
    var saved = localStorage.getItem('mwr.theme');
    if (saved === 'light' || saved === 'dark') preference = saved;
  } catch (error) {
    // Storage blocked: follow the system.
  }
  var dark = preference === 'dark' || (preference === 'system' && window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
  document.documentElement.setAttribute('data-theme-preference', preference);
})();
