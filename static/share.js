// One tap to share a results link (ui/share.py): copy it to the clipboard, which the button then
// says, or open the device's share sheet where the browser has one. The link stays on the page as
// text to select by hand. Loaded from the app's own origin like land.js; wired to the block its
// st.html element draws around it, afresh each time Streamlit mounts that element.
(() => {
  const script = document.currentScript;
  const block = script && script.parentElement && script.parentElement.querySelector("[data-share-link]");
  if (!block) return;
  const link = block.dataset.shareLink;
  const copy = block.querySelector("[data-share-copy]");
  const sheet = block.querySelector("[data-share-sheet]");
  const status = block.querySelector("[data-share-status]");
  const shown = block.querySelector("[data-share-text]");
  const label = copy.textContent;
  let timer = 0;

  const copied = () => {
    copy.textContent = "Copied";
    status.textContent = "The results link is copied.";
    clearTimeout(timer);
    timer = setTimeout(() => {
      copy.textContent = label;
      status.textContent = "";
    }, 4000);
  };
  const selectLink = () => {
    const range = document.createRange();
    range.selectNodeContents(shown);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };

  copy.addEventListener("click", () => {
    const fallback = () => {
      // No Clipboard API (a page not on HTTPS) or no permission: the older command, else the link selected.
      selectLink();
      if (document.execCommand && document.execCommand("copy")) copied();
      else status.textContent = "The link is selected: copy it with your device's copy command.";
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(link).then(copied, fallback);
    else fallback();
  });

  const data = { title: block.dataset.shareTitle || document.title, url: link };
  if (sheet && typeof navigator.share === "function" && (!navigator.canShare || navigator.canShare(data))) {
    sheet.hidden = false;
    sheet.addEventListener("click", () => {
      navigator.share(data).catch(() => {}); // closed without sharing: nothing to say
    });
  }
})();
