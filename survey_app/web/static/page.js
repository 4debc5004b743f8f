// The page's own script, in a file so that the Content-Security-Policy allows no inline
// script at all. "Start again" reloads the page without the delay parameter.
"use strict";
function startUrl() {
  const url = new URL(window.location.href);
  const params = new URLSearchParams(url.search);
  params.delete("delay");
  return url.pathname + "?" + params.toString();
}
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.restart")) {
    button.addEventListener("click", () => {
      window.location.href = startUrl();
    });
  }
});
