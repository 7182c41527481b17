// Run in each page of the book: what the browser tests check, gathered in one pass.
() => {
  const abs = (a) => a.href;
  const ids = Array.from(document.querySelectorAll('[id]')).map((e) => e.id);
  const links = Array.from(document.querySelectorAll('a[href]')).map((a) => ({
    href: abs(a), cls: a.className || '', text: (a.textContent || '').trim().slice(0, 80),
  }));
  const imgs = Array.from(document.querySelectorAll('img')).map((i) => ({
    src: i.currentSrc || i.src, alt: i.getAttribute('alt'),
    broken: i.complete && i.naturalWidth === 0,
  }));
  const views = Array.from(document.querySelectorAll(WIDGET_VIEW_SELECTOR)).map((s) => {
    const box = s.parentElement;
    const rendered = box ? box.querySelector('.jupyter-widgets, .widget-container, [class*="widget-"]') : null;
    const r = rendered ? rendered.getBoundingClientRect() : null;
    return {
      rendered: !!rendered,
      text: rendered ? (rendered.innerText || '').trim().slice(0, 200) : '',
      controls: rendered ? rendered.querySelectorAll('input, select, button, textarea, svg, img').length : 0,
      height: r ? r.height : 0,
    };
  });
  const hasState = !!document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
  const dropdowns = Array.from(document.querySelectorAll('main details, article details')).map((d) => ({
    open: d.open, title: (d.querySelector('summary') || d).innerText.trim().slice(0, 80),
  }));
  const solutions = Array.from(document.querySelectorAll('main .solution, main .admonition.dropdown')).map((s) => {
    const body = Array.from(s.children).filter((c) => !c.classList.contains('admonition-title') && c.tagName !== 'BUTTON');
    return {
      cls: s.className,
      visibleBody: body.some((c) => c.offsetParent !== null && c.getBoundingClientRect().height > 0),
      title: ((s.querySelector('.admonition-title') || s).innerText || '').trim().slice(0, 80),
    };
  });
  const prev = document.querySelector('a.left-prev');
  const next = document.querySelector('a.right-next');
  return {
    title: document.title, ids, links, imgs, views, hasState, dropdowns, solutions,
    prev: prev ? prev.href : null, next: next ? next.href : null,
  };
}
