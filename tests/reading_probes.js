// Measurements of what a reader meets, run inside a page of the edition (test_reading.py).
// Each function returns a list of breaches, each a short string a person can act on.
({
  // Every margin note level with its marker's line, or directly below the note above;
  // no two notes overlapping; none over the footer, off the screen, or over the text.
  notes() {
    const breaches = [];
    const main = document.querySelector("main");
    const footer = document.querySelector("footer");
    const column = main.querySelector(":scope > section, :scope > div");
    const columnRight = column ? column.getBoundingClientRect().right : 0;
    let previous = null;
    for (const note of document.querySelectorAll(".edition-sidenote")) {
      const box = note.getBoundingClientRect();
      if (box.width === 0 || getComputedStyle(note).display === "none") continue;
      const marker = note.previousElementSibling;
      const id = note.id;
      if (!marker || !marker.matches("a.footnote-reference")) {
        breaches.push(`${id}: no marker before the note`);
        continue;
      }
      const line = marker.getBoundingClientRect();
      const level = Math.abs(box.top - line.top) <= 12;
      const belowPrevious = previous && Math.abs(box.top - previous.bottom) <= 16;
      if (!level && !belowPrevious) {
        breaches.push(`${id}: ${Math.round(box.top - line.top)} px from its marker, not below the note above`);
      }
      if (previous && box.top < previous.bottom - 1) {
        breaches.push(`${id}: overlaps the note above by ${Math.round(previous.bottom - box.top)} px`);
      }
      if (footer && box.bottom > footer.getBoundingClientRect().top) {
        breaches.push(`${id}: runs over the footer`);
      }
      if (box.right > document.documentElement.clientWidth || box.left < 0) {
        breaches.push(`${id}: leaves the screen (${Math.round(box.left)}–${Math.round(box.right)})`);
      }
      if (box.left < columnRight - 1) {
        breaches.push(`${id}: stands over the text column`);
      }
      previous = box;
    }
    return breaches;
  },

  // Every box ends with its content (no hollow box stretched by floats).
  boxes() {
    const breaches = [];
    for (const box of document.querySelectorAll("div.admonition, aside.topic, div.topic")) {
      const outer = box.getBoundingClientRect();
      if (outer.height === 0) continue;
      let bottom = outer.top;
      for (const child of box.children) {
        if (getComputedStyle(child).position === "absolute" || getComputedStyle(child).float !== "none") continue;
        bottom = Math.max(bottom, child.getBoundingClientRect().bottom + parseFloat(getComputedStyle(child).marginBottom));
      }
      const blank = outer.bottom - bottom;
      if (blank > 48) breaches.push(`${box.className.split(" ").slice(0, 3).join(".")} at ${Math.round(outer.top + scrollY)}: ${Math.round(blank)} px blank`);
    }
    return breaches;
  },

  // Every visible text against its background, at least 4.5:1 (WCAG 1.4.3, AA).
  contrast() {
    const parse = (value) => {
      const m = value.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
    };
    const over = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    const background = (element) => {
      const layers = [];
      for (let e = element; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0) {
          layers.push(c);
          if (c.a >= 1) break;
        }
      }
      let colour = { r: 255, g: 255, b: 255, a: 1 };
      for (const layer of layers.reverse()) colour = over(layer, colour);
      return colour;
    };
    const luminance = (c) => {
      const f = (v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
      };
      return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
    };
    // Text hidden the accessible way (a 1 px box clipped away, for screen readers only)
    // is not seen, so it has no contrast to keep.
    const visuallyHidden = (element) => {
      for (let e = element; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        const clipped = style.clipPath !== "none" || (style.clip && style.clip !== "auto");
        const box = e.getBoundingClientRect();
        if ((clipped || style.overflow === "hidden") && (box.width <= 1 || box.height <= 1)) return true;
      }
      return false;
    };
    const breaches = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const element = node.parentElement;
      if (!element || seen.has(element)) continue;
      seen.add(element);
      const style = getComputedStyle(element);
      if (style.visibility !== "visible" || element.getClientRects().length === 0) continue;
      if (element.closest("[hidden], script, style, noscript")) continue;
      if (visuallyHidden(element)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || rect.right < 0 || rect.left > innerWidth) continue;
      const fg = parse(style.color);
      const bg = background(element);
      const text = over(fg, bg);
      const [light, dark] = [luminance(text), luminance(bg)].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      if (ratio < 4.5) {
        breaches.push(`${ratio.toFixed(2)}:1 "${node.textContent.trim().slice(0, 30)}" (${element.tagName.toLowerCase()}.${element.className})`);
      }
    }
    return breaches;
  },

  // Every note marker and every control of the reading layer at least 24 × 24 px.
  hitAreas() {
    const breaches = [];
    const selector = "a.footnote-reference, .edition-sidenote-more:not([hidden]), .edition-layer-toggle:not([hidden]), .edition-to-text";
    for (const target of document.querySelectorAll(selector)) {
      const box = target.getBoundingClientRect();
      if (getComputedStyle(target).display === "none" || box.width === 0) continue;
      if (box.width < 24 || box.height < 24) {
        breaches.push(`${target.className} "${target.textContent.trim()}" is ${box.width.toFixed(1)} × ${box.height.toFixed(1)} px`);
      }
    }
    return breaches;
  },

  // Nothing of the page outside the screen on either side (a passage number in a margin
  // that is not there; a preview past the right edge), unless a box scrolls it.
  offscreen() {
    const breaches = [];
    const width = document.documentElement.clientWidth;
    const clipped = (element) => {
      for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (/(auto|scroll|hidden|clip)/.test(style.overflowX)) return true;
      }
      return false;
    };
    for (const element of document.querySelectorAll("main *, footer *")) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.left >= -1 && box.right <= width + 1) continue;
      if (getComputedStyle(element).visibility !== "visible" || clipped(element)) continue;
      const style = getComputedStyle(element);
      if (style.clipPath !== "none" || (style.clip && style.clip !== "auto")) continue;
      breaches.push(`${element.tagName.toLowerCase()}.${element.className} "${element.textContent.trim().slice(0, 30)}" at ${Math.round(box.left)}–${Math.round(box.right)} of ${width}`);
      if (breaches.length > 20) break;
    }
    return breaches;
  },

  // Nothing wider than the screen.
  sideways() {
    const width = document.documentElement.scrollWidth;
    return width > innerWidth ? [`the page is ${width} px wide in ${innerWidth} px`] : [];
  },
})
