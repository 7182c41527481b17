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
  // rows of a widget's columns (a horizontal box of boxes): a line of columns must span
  // the box, not leave half of it empty (columns of 50 % each plus a gap used to wrap)
  const halfEmptyRows = Array.from(document.querySelectorAll('.widget-subarea .widget-hbox'))
    .filter(visible)
    .map((box) => ({box, columns: Array.from(box.children).filter(visible)}))
    .filter(({columns}) => columns.length > 1
      && columns.every((c) => c.classList.contains('widget-box')))
    .flatMap(({box, columns}) => {
      const width = box.getBoundingClientRect().width;
      const lines = new Map();
      for (const c of columns) {
        const r = c.getBoundingClientRect();
        const top = Math.round(r.top);
        const [left, right] = lines.get(top) || [r.left, r.right];
        lines.set(top, [Math.min(left, r.left), Math.max(right, r.right)]);
      }
      return Array.from(lines.values())
        .filter(([left, right]) => right - left < 0.9 * width)
        .map(([left, right]) => `${describe(box)}: ${Math.round(right - left)} of ${Math.round(width)} px`);
    });
  // tab bars whose tabs do not fit on one line
  const wrappedTabBars = Array.from(document.querySelectorAll('.widget-subarea .lm-TabBar-content'))
    .filter(visible)
    .filter((bar) => new Set(Array.from(bar.children).filter(visible)
      .map((tab) => Math.round(tab.getBoundingClientRect().top))).size > 1)
    .map((bar) => Array.from(bar.children).map((tab) => tab.innerText.trim()).join(' | '));
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
    cut, cutLists, rows, halfEmptyRows, wrappedTabBars, widgetsTooWide, clippedTables,
    pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
    viewportWidth: window.innerWidth,
  };
}
