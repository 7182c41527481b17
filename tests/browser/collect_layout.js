// Run in a page of the book: what the layout tests check, measured in one pass.
() => {
  const visible = (el) => el.offsetParent !== null && el.getBoundingClientRect().width > 0;
  const describe = (el) => (el.className && String(el.className).split(' ')[0]) + ': '
    + ((el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60));
  // controls of widgets whose text does not fit (cut with an ellipsis or hidden); the
  // options of a list box are its content, not its label, and are not counted
  const controls = Array.from(document.querySelectorAll(
    '.widget-subarea .widget-label, .widget-subarea .jupyter-button, '
    + '.widget-subarea .lm-TabBar-tabLabel, .widget-subarea .widget-readout, '
    + '.widget-subarea .widget-inline-hbox'))
    .filter(visible);
  const cut = controls.filter((el) => el.scrollWidth > el.clientWidth + 1).map(describe);
  // rows of controls side by side (a horizontal box with two or more visible children)
  const rows = Array.from(document.querySelectorAll('.widget-subarea .widget-hbox'))
    .filter(visible)
    .filter((box) => Array.from(box.children).filter(visible).length > 1)
    .map((box) => {
      const lefts = Array.from(box.children).filter(visible)
        .map((c) => Math.round(c.getBoundingClientRect().left));
      return {box: describe(box), columns: new Set(lefts).size};
    });
  const widgetsTooWide = Array.from(document.querySelectorAll('.widget-subarea'))
    .filter((w) => w.scrollWidth > w.clientWidth + 1).map(describe);
  // tables wider than the text column must scroll inside the page, not be clipped
  const main = document.querySelector('main') || document.body;
  const mainRight = main.getBoundingClientRect().right;
  const clippedTables = Array.from(main.querySelectorAll('table')).filter(visible)
    .filter((table) => {
      if (table.getBoundingClientRect().right <= mainRight + 1) return false;
      for (let el = table.parentElement; el && el !== main; el = el.parentElement) {
        const o = getComputedStyle(el).overflowX;
        if ((o === 'auto' || o === 'scroll') && el.getBoundingClientRect().right <= mainRight + 1) {
          return false;
        }
      }
      return true;
    })
    .map((t) => (t.querySelector('th, td') || t).innerText.trim().slice(0, 40));
  return {
    cut, rows, widgetsTooWide, clippedTables,
    pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
    viewportWidth: window.innerWidth,
  };
}
