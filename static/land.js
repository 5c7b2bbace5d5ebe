// Opens each new page of the app at its top, with keyboard and screen-reader focus on its heading.
//
// Loaded by ui/landing.py at the end of every page run, from the app's own origin (Streamlit's
// static serving), so the page's Content-Security-Policy allows it as it is. Streamlit's st.html
// runs it again whenever its element mounts or its data-page changes; it acts once per page:
// when the page (ui.routes.page_key) or the page's heading differs from where it last landed.
(() => {
  const script = document.currentScript;
  const main = document.querySelector("[data-testid='stMain']");
  if (!script || !main) return;
  const heading = main.querySelector("h1");
  const page = `${script.dataset.page || ""}\n${heading ? heading.textContent.trim() : ""}`;
  const root = document.documentElement;
  if (root.dataset.landedOn === page) return;
  root.dataset.landedOn = page;
  main.scrollTo({ top: 0, left: 0, behavior: "instant" });
  window.scrollTo({ top: 0, left: 0, behavior: "instant" });
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
})();
