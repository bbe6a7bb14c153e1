"use strict";
(() => {
  const table = document.getElementById("accounts");
  if (!table) return;
  const body = table.tBodies[0];
  let rows = Array.from(body.rows);
  const text = new Map(rows.map((r) => [r, r.textContent.toLowerCase()]));
  const q = document.getElementById("q");
  const which = document.getElementById("which");
  const shown = document.getElementById("shown");
  const keep = (r, needle, want) => {
    if (needle && !text.get(r).includes(needle)) return false;
    if (want === "any") return r.dataset.failed !== "";
    if (want === "follow") return r.dataset.follow === "true";
    if (want.startsWith("c:")) {
      return (" " + r.dataset.failed + " ").includes(" " + want.slice(2) + " ");
    }
    if (want.startsWith("s:")) return r.dataset.status === want.slice(2);
    return true;
  };
  const filter = () => {
    const needle = q.value.trim().toLowerCase();
    let n = 0;
    for (const r of rows) {
      const ok = keep(r, needle, which.value);
      r.hidden = !ok;
      n += ok ? 1 : 0;
    }
    shown.textContent = n.toLocaleString("en");
  };
  q.addEventListener("input", filter);
  which.addEventListener("change", filter);
  const heads = Array.from(table.tHead.rows[0].cells);
  for (const th of heads) {
    const button = th.querySelector("button");
    if (!button) continue;
    button.addEventListener("click", () => {
      const col = th.cellIndex;
      const numeric = th.dataset.type === "num";
      const now = th.getAttribute("aria-sort");
      const dir = now ? (now === "ascending" ? -1 : 1) : (numeric ? -1 : 1);
      for (const h of heads) h.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      const value = (r) => {
        const c = r.cells[col];
        const v = c.dataset.v !== undefined ? c.dataset.v : c.textContent.trim();
        return numeric ? (v === "" ? NaN : Number(v)) : v.toLowerCase();
      };
      const keyed = rows.map((r) => [value(r), r]);
      keyed.sort((a, b) => {
        const x = a[0], y = b[0];
        if (numeric) {
          if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) - Number.isNaN(y);
          return (x - y) * dir;
        }
        return x < y ? -dir : x > y ? dir : 0;
      });
      rows = keyed.map((k) => k[1]);
      const frag = document.createDocumentFragment();
      for (const r of rows) frag.appendChild(r);
      body.appendChild(frag);
    });
  }
})();
