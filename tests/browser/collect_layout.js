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
  // list boxes cannot wrap their options: where an option is cut, the full text of the
  // selected one must be shown by the widget just below the list
  const canvas = document.createElement('canvas').getContext('2d');
  const cutLists = Array.from(document.querySelectorAll('.widget-subarea .widget-select select'))
    .filter(visible)
    .map((select) => {
      const style = getComputedStyle(select);
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = select.clientWidth - 8;  // the option's own padding
      const options = Array.from(select.options);
      const cutOptions = options.filter((o) => canvas.measureText(o.text).width > room);
      // ipywidgets writes option texts with no-break spaces
      const plain = (text) => text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
      const chosen = select.selectedIndex >= 0 ? plain(options[select.selectedIndex].text) : '';
      const below = select.closest('.widget-select').nextElementSibling;
      return {
        box: describe(select.closest('.widget-select')),
        cut: cutOptions.length,
        chosen,
        shownBelow: Boolean(chosen && below && plain(below.innerText).includes(chosen)),
      };
    })
    .filter((list) => list.cut > 0);
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
    cut, cutLists, rows, widgetsTooWide, clippedTables,
    pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
    viewportWidth: window.innerWidth,
  };
}
