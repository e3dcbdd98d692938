/* The claims register, sorted and filtered by its readers (features/disputed.py writes
   the table; page_assets.py loads this file on the page that holds it, and only there).
   Without script the table is whole and readable; with it, the headers of the columns
   marked edition-claims-sort become buttons (aria-sort on the header), each column
   marked edition-claims-filter gets a labelled select, and a live region says how many
   claims are shown. A cell marked edition-claims-rank-N sorts by N (a level, mildest
   first), so this file knows no vocabulary. No inline script: the pages' policy is
   script-src 'self'. */
(() => {
  "use strict";
  const table = document.querySelector("table.edition-claims-register");
  const body = table && table.tBodies[0];
  if (!body || !table.tHead || body.rows.length < 2) return;

  const heads = Array.from(table.tHead.rows[0].cells);
  const rows = Array.from(body.rows);
  const names = heads.map((head) => head.textContent.trim());
  const collator = new Intl.Collator("en", {
    sensitivity: "base",
    numeric: true,
    ignorePunctuation: true,
  });
  const text = (row, column) => row.cells[column].textContent.trim();
  const rank = (row, column) => {
    const found = /\bedition-claims-rank-(\d+)\b/.exec(row.cells[column].className);
    return found ? Number(found[1]) : null;
  };
  const compare = (column) => (a, b) => {
    const ra = rank(a, column);
    const rb = rank(b, column);
    if (ra !== null && rb !== null && ra !== rb) return ra - rb;
    return collator.compare(text(a, column), text(b, column));
  };
  const element = (tag, className, content) => {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (content) made.textContent = content;
    return made;
  };

  const filters = [];
  let sorted = null; // {column, direction}
  const count = element("p", "edition-claims-count");
  count.setAttribute("role", "status");

  function show() {
    let shown = 0;
    for (const row of rows) {
      row.hidden = !filters.every(
        ({ column, select }) => !select.value || text(row, column) === select.value,
      );
      if (!row.hidden) shown += 1;
    }
    let said = `${shown} of ${rows.length} claims shown`;
    if (sorted) said += `, sorted by ${names[sorted.column].toLowerCase()}, ${sorted.direction}`;
    count.textContent = `${said}.`;
  }

  function sortBy(column) {
    const direction =
      sorted && sorted.column === column && sorted.direction === "ascending"
        ? "descending"
        : "ascending";
    const order = compare(column);
    const sign = direction === "ascending" ? 1 : -1;
    body.append(...rows.slice().sort((a, b) => sign * order(a, b)));
    sorted = { column, direction };
    heads.forEach((head, index) => {
      const arrow = head.querySelector(".edition-claims-arrow");
      if (index === column) head.setAttribute("aria-sort", direction);
      else head.removeAttribute("aria-sort");
      if (arrow) arrow.textContent = index !== column ? "↕" : sign > 0 ? "▲" : "▼";
    });
    show();
  }

  const controls = element("div", "edition-claims-controls");
  controls.setAttribute("role", "group");
  controls.setAttribute("aria-label", "Filter the claims");
  heads.forEach((head, column) => {
    const classes = head.classList;
    if (classes.contains("edition-claims-filter")) {
      const id = `edition-claims-filter-${column}`;
      const label = element("label", "", names[column]);
      label.htmlFor = id;
      const select = element("select");
      select.id = id;
      select.append(new Option("All", ""));
      const first = new Map();
      for (const row of rows) if (!first.has(text(row, column))) first.set(text(row, column), row);
      const values = Array.from(first.values()).sort(compare(column));
      for (const row of values) select.append(new Option(text(row, column)));
      select.addEventListener("change", show);
      const field = element("span", "edition-claims-field");
      field.append(label, select);
      controls.append(field);
      filters.push({ column, select });
    }
    if (classes.contains("edition-claims-sort")) {
      const button = element("button", "edition-claims-sort-button", names[column]);
      button.type = "button";
      const arrow = element("span", "edition-claims-arrow", "↕");
      arrow.setAttribute("aria-hidden", "true");
      button.append(arrow);
      button.addEventListener("click", () => sortBy(column));
      head.replaceChildren(button);
    }
  });
  const reset = element("button", "edition-claims-reset", "Show all");
  reset.type = "button";
  reset.addEventListener("click", () => {
    for (const { select } of filters) select.value = "";
    show();
  });
  controls.append(reset);
  table.before(controls, count);
  table.classList.add("edition-claims-scripted");
  show();
})();
